package sms_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
)

func TestNormalize(t *testing.T) {
	m, err := sms.Normalize(sms.Message{
		To:        "138 0013 8000",
		Template:  "SMS_1",
		Params:    map[string]string{"code": "123456", "name": "张三🎉"},
		Reference: strings.Repeat("好", sms.MaxReferenceLength),
	}, "")
	require.NoError(t, err)
	assert.Equal(t, "+8613800138000", m.To)
	assert.Equal(t, "张三🎉", m.Params["name"])

	m, err = sms.Normalize(sms.Message{To: "2025550143", Body: "hello"}, "US")
	require.NoError(t, err)
	assert.Equal(t, "+12025550143", m.To)
}

func TestNormalizeErrors(t *testing.T) {
	valid := sms.Message{To: "+8613800138000", Template: "SMS_1", Params: map[string]string{"code": "1234"}}
	with := func(change func(*sms.Message)) sms.Message {
		m := valid
		m.Params = map[string]string{"code": "1234"}
		change(&m)
		return m
	}
	tests := []struct {
		name   string
		msg    sms.Message
		rule   error
		reason string
	}{
		{"no recipient", with(func(m *sms.Message) { m.To = "" }), sms.ErrMissingRecipient, "recipient is empty"},
		{"bad recipient", with(func(m *sms.Message) { m.To = "+86123" }), sms.ErrInvalidNumber, "recipient"},
		{"no template nor body", with(func(m *sms.Message) { m.Template = "" }), sms.ErrMissingContent, "neither template nor body"},
		{"empty param key", with(func(m *sms.Message) { m.Params[""] = "x" }), sms.ErrInvalidParam, `param key "" is empty`},
		{"control char in key", with(func(m *sms.Message) { m.Params["a\nb"] = "x" }), sms.ErrInvalidParam, "control character"},
		{"invalid utf-8 key", with(func(m *sms.Message) { m.Params["\xff"] = "x" }), sms.ErrInvalidParam, "not valid UTF-8"},
		{"control char in value", with(func(m *sms.Message) { m.Params["code"] = "12\x0034" }), sms.ErrInvalidParam, `param "code": value contains a control character`},
		{"invalid utf-8 value", with(func(m *sms.Message) { m.Params["code"] = "12\xc334" }), sms.ErrInvalidParam, `param "code": value is not valid UTF-8`},
		{"invalid utf-8 body", with(func(m *sms.Message) { m.Body = "\xff" }), sms.ErrInvalidBody, "body is not valid UTF-8"},
		{"reference too long", with(func(m *sms.Message) { m.Reference = strings.Repeat("r", 257) }), sms.ErrReferenceTooLong, "longer than 256 characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sms.Normalize(tt.msg, "")
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.rule)
			assert.Equal(t, sms.InvalidArgument, sms.CodeOf(err))
			assert.True(t, sms.IsNotAccepted(err))
			assert.Contains(t, err.Error(), tt.reason)
			for _, v := range tt.msg.Params {
				if len(v) > 2 {
					assert.NotContains(t, err.Error(), v, "param values never reach error text")
				}
			}
		})
	}
}

func BenchmarkNormalize(b *testing.B) {
	m := sms.Message{To: "+8613800138000", Template: "SMS_1", Params: map[string]string{"code": "123456"}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sms.Normalize(m, ""); err != nil {
			b.Fatal(err)
		}
	}
}

// TestNormalizeReusesE164: a recipient already written in E.164 is kept as
// given (no allocation); any other form is rewritten, to the same string
// Phone.E164 gives.
func TestNormalizeReusesE164(t *testing.T) {
	for _, tt := range []struct {
		raw, region, want string
		allocs            float64
	}{
		{"+8613800138000", "", "+8613800138000", 0},
		{"+447911123456", "", "+447911123456", 0},
		{"+12015550123", "US", "+12015550123", 0},
		{"13800138000", "", "+8613800138000", 1},
		{"+86 138 0013 8000", "", "+8613800138000", 2}, // one for the digits without their spaces
		{"(201) 555-0123", "US", "+12015550123", 1},
		{"+44 07911 123456", "", "+447911123456", 1},
	} {
		msg := sms.Message{To: tt.raw, Body: "hello"}
		got, err := sms.Normalize(msg, tt.region)
		require.NoError(t, err, tt.raw)
		p, err := sms.ParsePhone(tt.raw, tt.region)
		require.NoError(t, err, tt.raw)
		assert.Equal(t, tt.want, got.To, tt.raw)
		assert.Equal(t, p.E164(), got.To, tt.raw)
		allocs := testing.AllocsPerRun(100, func() {
			if _, err := sms.Normalize(msg, tt.region); err != nil {
				t.Fatal(err)
			}
		})
		assert.Equal(t, tt.allocs, allocs, tt.raw)
	}
}
