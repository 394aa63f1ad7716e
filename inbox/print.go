package inbox

import (
	"fmt"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/redact"
)

// String describes c without its secrets (the emulators' keys and tokens,
// the BasicAuth password), such as
// `inbox.Config{Addr: "127.0.0.1:4280", Aliyun: aliyuntest.Options{Keys: hidden}, …}`.
func (c Config) String() string {
	return redact.Describe("inbox.Config", "Addr: "+sms.Quote(c.Addr)+", Aliyun: "+c.Aliyun.String()+
		", Twilio: "+c.Twilio.String()+", BasicAuth: "+c.BasicAuth.String(), redact.Field{Name: "Database", Value: c.Database})
}

// GoString is String, so that %#v hides the secrets too.
func (c Config) GoString() string { return c.String() }

// Format prints String for every verb, so that no verb makes fmt print
// the fields, the password and the emulators' keys among them.
func (c Config) Format(f fmt.State, _ rune) { redact.Print(f, c.String()) }

// String describes a without its password, such as
// `inbox.BasicAuth{User: "ops", Password: hidden}`.
func (a BasicAuth) String() string {
	return redact.Describe("inbox.BasicAuth", "Password: "+redact.IsSet(a.Password != ""), redact.Field{Name: "User", Value: a.User})
}

// GoString is String, so that %#v hides the password too.
func (a BasicAuth) GoString() string { return a.String() }

// Format prints String for every verb, so that no verb makes fmt print
// the password.
func (a BasicAuth) Format(f fmt.State, _ rune) { redact.Print(f, a.String()) }

// String describes f without the keys and tokens it holds.
func (f File) String() string {
	return "inbox.File{Aliyun.Keys: " + redact.IsSet(len(f.Aliyun.Keys) > 0) +
		", Twilio.Accounts: " + redact.IsSet(len(f.Twilio.Accounts) > 0) + "}"
}

// GoString is String, so that %#v hides the secrets too.
func (f File) GoString() string { return f.String() }

// Format prints String for every verb, so that no verb makes fmt print
// the keys and tokens.
func (f File) Format(st fmt.State, _ rune) { redact.Print(st, f.String()) }

// String describes s by its configured address, without its secrets.
func (s *Server) String() string { return "inbox.Server(" + s.cfg.Addr + ")" }

// GoString is String, so that %#v hides the secrets too.
func (s *Server) GoString() string { return s.String() }

// Format prints String for every verb. Its receiver is a pointer: a Server
// holds locks, and vet reports any copy of one, printing too.
func (s *Server) Format(f fmt.State, _ rune) { redact.Print(f, s.String()) }
