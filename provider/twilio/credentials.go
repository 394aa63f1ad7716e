package twilio

import (
	"encoding/base64"
	"strings"

	"github.com/twilio/twilio-go/client"
)

// keys is what a Sender keeps secret: twilio-go's credentials and the forms
// of the auth token that must never reach an error.
//
// A Sender holds its keys only through a func value (see newKeys), never in
// a field of its own: fmt prints a Sender in another struct's unexported
// field by reflection, without calling its String, and so would print a
// token held in a string field or in a struct a field points to at the
// top level; reflection-based printers (fmt, slog's fallback, go-spew)
// print a func value as an address and cannot reach what it captured.
type keys struct {
	credentials *client.Credentials
	// token is the auth token, lowercase, for fragment checks.
	token string
	// basic is the Authorization header's credentials, base64 of
	// "AccountSID:AuthToken".
	basic string
}

// newKeys returns a func that returns the keys of an account.
func newKeys(accountSID, authToken string) func() *keys {
	k := &keys{
		credentials: client.NewCredentials(accountSID, authToken),
		token:       strings.ToLower(authToken),
		basic:       base64.StdEncoding.EncodeToString([]byte(accountSID + ":" + authToken)),
	}
	return func() *keys { return k }
}
