package aliyun

import (
	"log/slog"
	"strings"
)

// String describes o without its credentials: the AccessKey pair shows only
// whether it is set.
func (o Options) String() string { return o.describe("aliyun.Options") }

// describe formats o as name{...} without credentials.
func (o Options) describe(name string) string {
	var b strings.Builder
	b.WriteString(name + "{")
	switch {
	case o.AccessKeyID != "":
		b.WriteString("AccessKey: set")
	case o.Credentials != nil:
		b.WriteString("Credentials: " + o.Credentials.GetProviderName())
	default:
		b.WriteString("Credentials: default chain")
	}
	for _, f := range []struct{ name, value string }{
		{"Region", o.Region}, {"Endpoint", o.Endpoint}, {"SignName", o.SignName}, {"TemplateKey", o.TemplateKey},
	} {
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

// String describes s by its options, without credentials.
func (s *Sender) String() string {
	return s.settings.Options.describe("aliyun.Sender")
}

// GoString is String, so that %#v hides the credentials too.
func (s *Sender) GoString() string { return s.String() }

// LogValue is String, so that slog hides the credentials too.
func (s *Sender) LogValue() slog.Value { return slog.StringValue(s.String()) }
