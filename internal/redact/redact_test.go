package redact_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/smskit/sms/internal/redact"
)

type hidden struct{ v string }

func (hidden) Error() string { return "opaque" }

func TestSecrets(t *testing.T) {
	var sec redact.Secrets
	sec.Add("")
	sec.Add("张三 code")
	sec.Add("+8613800138000")
	tests := []struct {
		text string
		want bool
	}{
		{"nothing here", false},
		{"name=张三 code", true},
		{"name=%E5%BC%A0%E4%B8%89+code", true},            // query-encoded
		{"name=%E5%BC%A0%E4%B8%89%20code", true},          // %20 for a space
		{"s=%25E5%25BC%25A0%25E4%25B8%2589%2Bcode", true}, // encoded twice, as in a string to sign
		{"to=%2B8613800138000", true},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, sec.In(tt.text), tt.text)
	}
}

func TestShows(t *testing.T) {
	sec := redact.Secrets{}
	sec.Add("s3cret")
	sec.Add("LTAI5tBcXyZ9QwErTy12") // a credential, by its looks
	sec.Add("+8613800138000")       // a number
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"clean", errors.New("connection reset"), false},
		{"top", errors.New("token s3cret"), true},
		{"wrapped", fmt.Errorf("x: %w", errors.New("s3cret")), true},
		{"joined", errors.Join(errors.New("a"), errors.New("s3cret")), true},
		{"only in %#v", fmt.Errorf("x: %w", hidden{"s3cret"}), true},
		{"digits like a number", errors.New("to 13800138000"), true},
		{"a number with spaces", errors.New("to +86 139 1234 5678"), true},
		{"short digits", errors.New("HTTP 503"), false},
		{"a fragment of a credential", errors.New("id LTAI5tBcXyZ9QwErT"), true},
		{"digits of the number", errors.New("ends in 8000"), true},
		{"the number only in %#v", fmt.Errorf("x: %w", hidden{"+86 138 0013 8000"}), true},
		{"unknown digits only in %#v", fmt.Errorf("x: %w", hidden{"0xc000123456789"}), false},
		{"a credential only in %#v", fmt.Errorf("x: %w", hidden{"5tBcXyZ"}), true},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, sec.Shows(tt.err), tt.name)
	}
}

func TestError(t *testing.T) {
	sec := redact.Secrets{}
	sec.Add("s3cret")
	withheld := errors.New("withheld")
	signed := &url.Error{Op: "Post", URL: "https://host:8443/?Signature=s3cret&PhoneNumbers=13800138000", Err: errors.New("EOF")}
	got := redact.Error(signed, sec, withheld)
	assert.Equal(t, `Post "https://host:8443/": EOF`, got.Error())

	inner := &url.Error{Op: "Post", URL: "https://host/", Err: errors.New("read s3cret")}
	assert.Equal(t, `Post "https://host/": withheld`, redact.Error(inner, sec, withheld).Error())

	assert.Same(t, withheld, redact.Error(errors.New("s3cret"), sec, withheld))
	assert.Equal(t, context.Canceled, redact.Error(fmt.Errorf("s3cret: %w", context.Canceled), sec, withheld))
	clean := errors.New("clean")
	assert.Same(t, clean, redact.Error(clean, sec, withheld))
	assert.Equal(t, "(url withheld)", redact.URL("::"))
}
