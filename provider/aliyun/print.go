package aliyun

import (
	"fmt"
	"log/slog"
	"strings"

	"github.com/smskit/sms/internal/redact"
)

// String describes o without its credentials: the AccessKey pair shows only
// whether it is set.
//
// Options is plain configuration and holds the AccessKeySecret in a plain
// field: fmt cannot call String for an Options inside another struct's
// unexported field, and then prints the field. Keep Options short-lived, or
// keep the Sender instead, which holds no credential any printer can reach.
func (o Options) String() string { return o.describe("aliyun.Options", describeCredentials(o)) }

// describe formats o as name{credentials, ...}.
func (o Options) describe(name, credentials string) string {
	var b strings.Builder
	b.WriteString(name + "{")
	b.WriteString(credentials)
	for _, f := range []struct{ name, value string }{
		{"RegionID", o.RegionID}, {"Endpoint", o.Endpoint}, {"SignName", o.SignName}, {"TemplateKey", o.TemplateKey},
	} {
		if f.name == "Endpoint" && strings.Contains(f.value, "@") {
			f.value = "(withheld: holds user info)"
		}
		if f.value != "" {
			b.WriteString(", " + f.name + ": " + f.value)
		}
	}
	b.WriteString("}")
	return b.String()
}

// GoString is String, so that %#v hides the credentials too.
func (o Options) GoString() string { return o.String() }

// LogValue is String, so that slog hides the credentials too.
func (o Options) LogValue() slog.Value { return slog.StringValue(o.String()) }

// String describes s by its options, without credentials. A Sender holds
// its credentials behind func values, so that %v, %+v and %#v of a Sender
// value (not only of a pointer), of a struct that holds one in an unexported
// field, and slog show none of them either.
func (s *Sender) String() string {
	return s.settings.Options.describe("aliyun.Sender", s.settings.credentials)
}

// GoString is String, so that %#v hides the credentials too.
func (s *Sender) GoString() string { return s.String() }

// LogValue is String, so that slog hides the credentials too.
func (s *Sender) LogValue() slog.Value { return slog.StringValue(s.String()) }

// Format prints String for every verb, so that no verb (%d, %x, %q of a
// value too) makes fmt print the fields, AccessKeySecret among them.
func (o Options) Format(f fmt.State, _ rune) { redact.Print(f, o.String()) }

// Format prints String for every verb, so that no verb (%d, %x, %q of a
// Sender value too) makes fmt walk the Sender's fields.
func (s Sender) Format(f fmt.State, _ rune) { redact.Print(f, s.String()) }
