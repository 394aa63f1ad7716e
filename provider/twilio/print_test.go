package twilio_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/smskit/sms/provider/twilio"
	"github.com/smskit/sms/provider/twilio/twiliotest"
)

// holder keeps Senders where fmt cannot call their String: in unexported
// fields, by value and by pointer, alone and in containers.
type holder struct {
	name   string
	value  twilio.Sender
	ptr    *twilio.Sender
	list   []twilio.Sender
	byName map[string]twilio.Sender
	any    any
}

// TestTokenBeyondReflection prints a Sender every way fmt and slog can,
// including by reflection inside another struct's unexported fields: no
// output shows the auth token.
func TestTokenBeyondReflection(t *testing.T) {
	const token = "s3cretT0kenABCDEF"
	s := newSender(t, twilio.Options{AccountSID: twiliotest.TestAccountSID, AuthToken: token, From: twiliotest.TestFrom})
	h := holder{name: "h", value: *s, ptr: s, list: []twilio.Sender{*s}, byName: map[string]twilio.Sender{"a": *s}, any: *s}
	values := map[string]any{
		"pointer": s, "value": *s, "holder": h, "holder pointer": &h,
		"anonymous struct": struct{ s twilio.Sender }{*s}, "nested": struct{ h holder }{h},
	}
	var texts []string
	for name, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			texts = append(texts, name+" "+verb+": "+fmt.Sprintf(verb, v))
		}
		var text, js bytes.Buffer
		slog.New(slog.NewTextHandler(&text, nil)).Info("send", "v", v)
		slog.New(slog.NewJSONHandler(&js, nil)).Info("send", "v", v)
		texts = append(texts, name+" slog text: "+text.String(), name+" slog json: "+js.String())
	}
	for _, text := range texts {
		assert.NotContains(t, text, "s3cret", text)
		assert.NotContains(t, text, "T0ken", text)
	}
	assert.Contains(t, fmt.Sprintf("%+v", h), twiliotest.TestAccountSID, "the account stays visible")
}
