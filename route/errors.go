package route

import (
	"errors"

	"github.com/smskit/sms"
)

// The errors a Router wraps in the *sms.Error it returns, so that errors.Is
// tells why it refused.
var (
	// ErrInvalidOptions is wrapped by New's error for Options it cannot use.
	ErrInvalidOptions = errors.New("route: invalid options")
	// ErrTemplateUnsupported is wrapped by New's error, and by
	// Router.CheckTemplate's, when a target cannot serve a template.
	ErrTemplateUnsupported = errors.New("route: template unsupported by a target")
	// ErrNoRoute is wrapped by Send's error for a message no route matches.
	ErrNoRoute = errors.New("route: no route matches the recipient")
)

// invalidOptions returns New's error for a problem with Options.
func invalidOptions(name, message string) *sms.Error {
	return &sms.Error{
		Code:        sms.InvalidArgument,
		NotAccepted: true,
		Provider:    name,
		Message:     message,
		Err:         ErrInvalidOptions,
	}
}
