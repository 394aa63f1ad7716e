package twiliotest

import (
	"fmt"

	"github.com/smskit/sms/internal/redact"
)

// String describes o without the auth tokens of Accounts (an inbox may
// hold real staging tokens there), such as "twiliotest.Options{Accounts: hidden}".
func (o Options) String() string {
	return redact.Describe("twiliotest.Options", "Accounts: "+redact.IsSet(len(o.Accounts) > 0))
}

// GoString is String, so that %#v hides the tokens too.
func (o Options) GoString() string { return o.String() }

// Format prints String for every verb, so that no verb makes fmt print
// the Accounts.
func (o Options) Format(f fmt.State, _ rune) { redact.Print(f, o.String()) }

// String describes s by its URL, without its options' tokens.
func (s *Server) String() string { return "twiliotest.Server(" + s.URL + ")" }

// GoString is String, so that %#v hides the tokens too.
func (s *Server) GoString() string { return s.String() }

// Format prints String for every verb. Its receiver is a pointer: a Server
// holds a lock, and vet reports any copy of one, printing too.
func (s *Server) Format(f fmt.State, _ rune) { redact.Print(f, s.String()) }
