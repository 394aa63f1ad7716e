package redact

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// AddMessage records the secrets of one message: its recipient, as e164
// and national (both skipped when national is empty), every param value
// and the caller's reference (AddNumber, AddValue).
func (s *Secrets) AddMessage(e164, national string, params map[string]string, reference string) {
	if national != "" {
		s.AddNumber(e164)
		s.AddNumber(national)
	}
	for _, v := range params {
		s.AddValue(v)
	}
	s.AddValue(reference)
}

// ProviderMessage returns a provider's message for an error, trimmed and
// cut to max characters (Truncate), if it is valid UTF-8 and then shows
// nothing of the call (Secrets.In), nothing like a phone number
// (HasNumber), nothing like a query string ("&", "%", "=") and no control
// character; "" otherwise.
func (s Secrets) ProviderMessage(msg string, max int) string {
	msg = strings.TrimSpace(msg)
	if msg == "" || !utf8.ValidString(msg) {
		return ""
	}
	msg = Truncate(msg, max)
	if strings.ContainsAny(msg, "&%=") || strings.ContainsFunc(msg, unicode.IsControl) ||
		s.In(msg) || HasNumber(msg) {
		return ""
	}
	return msg
}
