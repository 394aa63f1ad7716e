package aliyuntest

import (
	"fmt"

	"github.com/smskit/sms/internal/redact"
)

// String describes o without the secrets of Keys (an inbox may hold real
// staging secrets there), such as "aliyuntest.Options{Keys: hidden}".
func (o Options) String() string {
	return redact.Describe("aliyuntest.Options", "Keys: "+redact.IsSet(len(o.Keys) > 0))
}

// GoString is String, so that %#v hides the secrets too.
func (o Options) GoString() string { return o.String() }

// Format prints String for every verb, so that no verb makes fmt print
// the Keys.
func (o Options) Format(f fmt.State, _ rune) { redact.Print(f, o.String()) }

// String describes e without its options' secrets.
func (e *Emulator) String() string { return "aliyuntest.Emulator" }

// GoString is String, so that %#v hides the secrets too.
func (e *Emulator) GoString() string { return e.String() }

// Format prints String for every verb. Its receiver is a pointer: an
// Emulator holds a lock, and vet reports any copy of one, printing too.
func (e *Emulator) Format(f fmt.State, _ rune) { redact.Print(f, e.String()) }

// String describes s by its URL, without its options' secrets.
func (s *Server) String() string { return "aliyuntest.Server(" + s.URL + ")" }

// GoString is String, so that %#v hides the secrets too.
func (s *Server) GoString() string { return s.String() }

// Format prints String for every verb; a pointer receiver, as Emulator's.
func (s *Server) Format(f fmt.State, _ rune) { redact.Print(f, s.String()) }
