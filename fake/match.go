package fake

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/senderkit"
)

// Match describes the messages an assertion looks for. Empty fields match
// anything.
type Match struct {
	// To is the recipient in any format sms.Normalize accepts, with the
	// Sender's DefaultRegion.
	To string
	// Template is the template, compared exactly.
	Template string
	// Params must all be present in the message with these values; the
	// message may have more.
	Params map[string]string
	// Body is the free-text body, compared exactly.
	Body string
	// Sign is the sign name, compared exactly.
	Sign string
	// Reference is the caller reference, compared exactly.
	Reference string
}

// String describes m with full numbers and params (see the package doc).
func (m Match) String() string {
	var parts []string
	add := func(name, value string) {
		if value != "" {
			parts = append(parts, name+": "+strconv.Quote(value))
		}
	}
	add("To", m.To)
	add("Template", m.Template)
	if len(m.Params) > 0 {
		parts = append(parts, "Params: "+formatParams(m.Params))
	}
	add("Body", m.Body)
	add("Sign", m.Sign)
	add("Reference", m.Reference)
	return "{" + strings.Join(parts, ", ") + "}"
}

// normalized returns m with To in E.164, using region for national numbers.
// An invalid To is kept as it is, and then matches no message.
func (m Match) normalized(region string) Match {
	if m.To != "" {
		m.To = senderkit.E164(m.To, region)
	}
	return m
}

// diff lists how msg differs from m, one line per field; none means msg
// matches. m.To must be normalized.
func (m Match) diff(msg sms.Message) []string {
	var out []string
	field := func(name, want, got string) {
		if want != "" && want != got {
			out = append(out, name+": got "+strconv.Quote(got)+", want "+strconv.Quote(want))
		}
	}
	field("To", m.To, msg.To)
	field("Template", m.Template, msg.Template)
	for _, k := range slices.Sorted(maps.Keys(m.Params)) {
		got, ok := msg.Params[k]
		switch {
		case !ok:
			out = append(out, "Params["+strconv.Quote(k)+"]: missing, want "+strconv.Quote(m.Params[k]))
		case got != m.Params[k]:
			out = append(out, "Params["+strconv.Quote(k)+"]: got "+strconv.Quote(got)+", want "+strconv.Quote(m.Params[k]))
		}
	}
	field("Body", m.Body, msg.Body)
	field("Sign", m.Sign, msg.Sign)
	field("Reference", m.Reference, msg.Reference)
	return out
}

// formatMessage describes msg in full, params included (see the package doc).
func formatMessage(msg sms.Message) string {
	var b strings.Builder
	b.WriteString("To: " + strconv.Quote(msg.To))
	if msg.Template != "" {
		b.WriteString(", Template: " + strconv.Quote(msg.Template))
	}
	if len(msg.Params) > 0 {
		b.WriteString(", Params: " + formatParams(msg.Params))
	}
	if msg.Body != "" {
		b.WriteString(", Body: " + strconv.Quote(msg.Body))
	}
	if msg.Sign != "" {
		b.WriteString(", Sign: " + strconv.Quote(msg.Sign))
	}
	if msg.Reference != "" {
		b.WriteString(", Reference: " + strconv.Quote(msg.Reference))
	}
	return b.String()
}

// formatParams formats params with sorted keys: {code: "123456"}.
func formatParams(params map[string]string) string {
	parts := make([]string, 0, len(params))
	for _, k := range slices.Sorted(maps.Keys(params)) {
		parts = append(parts, k+": "+strconv.Quote(params[k]))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}
