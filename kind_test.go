package sms_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/smskit/sms"
	"github.com/stretchr/testify/assert"
)

func TestTemplateKind(t *testing.T) {
	for _, k := range []sms.TemplateKind{sms.KindVerification, sms.KindNotification, sms.KindPromotion, sms.KindInternational} {
		assert.True(t, k.Valid())
		got, ok := sms.ParseTemplateKind(k.String())
		assert.True(t, ok)
		assert.Equal(t, k, got)
		assert.Equal(t, k != sms.KindInternational, k.Domestic(), k.String())
	}
	for _, k := range []sms.TemplateKind{sms.KindUnspecified, -1, 5} {
		assert.False(t, k.Valid())
		assert.False(t, k.Domestic())
	}
	_, ok := sms.ParseTemplateKind("unspecified")
	assert.False(t, ok)
	assert.Equal(t, "kind(7)", sms.TemplateKind(7).String())
}

func TestOptionsError(t *testing.T) {
	rule := errors.New("rule")
	err := error(&sms.OptionsError{Provider: "aliyun", Reason: "no sign", Err: rule})
	assert.Equal(t, "sms: aliyun: invalid options: no sign", err.Error())
	assert.ErrorIs(t, err, sms.ErrInvalidOptions)
	assert.ErrorIs(t, err, rule)
	assert.Equal(t, sms.Unknown, sms.CodeOf(err), "a configuration error is not a send error")
	assert.False(t, sms.IsNotAccepted(err))
	assert.ErrorIs(t, sms.NewOptionsError("", "x"), sms.ErrInvalidOptions)
	assert.Equal(t, "sms: invalid options: x", sms.NewOptionsError("", "x").Error())
}

func TestQuote(t *testing.T) {
	assert.Equal(t, `"login_code"`, sms.Quote("login_code"))
	long := sms.Quote(strings.Repeat("模", 1<<16))
	assert.Equal(t, `"`+strings.Repeat("模", sms.MaxQuoteLength)+`"…`, long)
	assert.Equal(t, `"`+strings.Repeat(`\xff`, sms.MaxQuoteLength)+`"…`, sms.Quote(strings.Repeat("\xff", 100)))
}

func TestRoundDuration(t *testing.T) {
	for in, want := range map[time.Duration]string{
		59978098144 * time.Nanosecond: "1m0s",
		2400 * time.Microsecond:       "2ms",
		1500 * time.Millisecond:       "2s",
		0:                             "0s",
	} {
		assert.Equal(t, want, sms.RoundDuration(in).String())
	}
	err := &sms.Error{Code: sms.RateLimited, NotAccepted: true, RetryAfter: 59978098144 * time.Nanosecond}
	assert.Contains(t, err.Error(), "retry after 1m0s,")
}

func ExampleNewOptionsError() {
	err := sms.NewOptionsError("aliyun", "no sign name: set Options.SignName or every template's Signs")
	fmt.Println(errors.Is(err, sms.ErrInvalidOptions))
	fmt.Println(err)
	// Output:
	// true
	// sms: aliyun: invalid options: no sign name: set Options.SignName or every template's Signs
}
