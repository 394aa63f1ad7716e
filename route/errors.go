package route

import (
	"errors"

	"github.com/smskit/sms"
)

// The errors a Router wraps in the *sms.Error it returns, so that errors.Is
// tells why it refused.
var (
	// ErrTemplateUnsupported is wrapped by New's error, and by
	// Router.CheckTemplate's, when a target cannot serve a template.
	ErrTemplateUnsupported = errors.New("route: template unsupported by a target")
	// ErrNoRoute is wrapped by Send's error for a message no route matches.
	ErrNoRoute = errors.New("route: no route matches the recipient")
)

// invalidOptions returns New's error for a problem with Options: it wraps
// sms.ErrInvalidOptions and names the router.
func invalidOptions(name, message string) error {
	return sms.NewOptionsError(name, message)
}
