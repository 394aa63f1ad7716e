package wire

import (
	"encoding/base64"
	"strings"

	"github.com/twilio/twilio-go/client"
)

// The environment variables that supply an account's credentials, as
// twilio-go's own client reads them; provider/twilio and twilioverify read
// them for a URL without userinfo.
const (
	EnvAccountSID = "TWILIO_ACCOUNT_SID"
	EnvAuthToken  = "TWILIO_AUTH_TOKEN"
)

// Keys is what a Client keeps secret: twilio-go's credentials and the forms
// of the auth token that must never reach an error.
//
// A Client holds its Keys only through a func value (see NewKeys), never in
// a field of its own: fmt prints a value in another struct's unexported
// field by reflection, without calling its String, and so would print a
// token held in a string field or in a struct a field points to at the
// top level; reflection-based printers (fmt, slog's fallback, go-spew)
// print a func value as an address and cannot reach what it captured.
type Keys struct {
	// Credentials are twilio-go's.
	Credentials *client.Credentials
	// Token is the auth token, lowercase, for fragment checks.
	Token string
	// Basic is the Authorization header's credentials, base64 of
	// "AccountSID:AuthToken".
	Basic string
}

// NewKeys returns a func that returns the Keys of an account.
func NewKeys(accountSID, authToken string) func() *Keys {
	k := &Keys{
		Credentials: client.NewCredentials(accountSID, authToken),
		Token:       strings.ToLower(authToken),
		Basic:       base64.StdEncoding.EncodeToString([]byte(accountSID + ":" + authToken)),
	}
	return func() *Keys { return k }
}
