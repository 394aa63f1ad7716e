package aliyun

import (
	"context"
	"errors"
	"net"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/smskit/sms"
)

// testSecrets are the secrets of a call by key LTAIkeyXYZ123 with secret
// s3cretValue99 to +8613800138000 with the params code 583920 and name 张三.
func testSecrets() secrets {
	c := &call{keyID: "LTAIkeyXYZ123", secret: "s3cretValue99"}
	return secretsOf(c, sms.Phone{CountryCode: 86, National: "13800138000", Region: "CN"},
		map[string]string{"code": "583920", "name": "张三", "x": "ab"})
}

func TestSafeProviderMessage(t *testing.T) {
	sec := testSecrets()
	tests := []struct{ in, want string }{
		{"触发分钟级流控Permits:1", "触发分钟级流控Permits:1"},
		{"  Specified signature is not matched.  ", "Specified signature is not matched."},
		{"", ""},
		{"ab is fine: short params are not secrets", "ab is fine: short params are not secrets"},
		{"key LTAIkeyXYZ123 is bad", ""},
		{"key fragment keyXYZ is bad", ""},
		{"key fragment KEYxyz in another case", ""},
		{"secret fragment cretVa", ""},
		{"number 13800138000", ""},
		{"number +86 138 0013 8000", ""},
		{"number 138-0013-8000", ""},
		{"number (138) 0013 8000", ""},
		{"full-width １３８００１３８０００", ""},
		{"four digits in a row 0013", ""},
		{"spaced four digits 0 0 1 3", ""},
		{"another number +86 139 1234 5678", ""},
		{"another number 139 123 45 678", ""},
		{"code 583920", ""},
		{"name 张三", ""},
		{"number %2B8613800138000", ""},
		{"name " + url.QueryEscape("张三"), ""},
		{"string to sign POST&%2F&AccessKeyId%3Dx", ""},
		{"a=b", ""},
		{"bad utf8 \xff", ""},
		{"control\x01character", ""},
		{"year 2024 and 15 permits", "year 2024 and 15 permits"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, safeProviderMessage(tt.in, sec), tt.in)
	}
	long := safeProviderMessage(strings.Repeat("很长", 500), sec)
	assert.Equal(t, maxProviderMessage+1, len([]rune(long)), "cut, with a mark")
}

func TestSafeRequestID(t *testing.T) {
	sec := testSecrets()
	for id, want := range map[string]string{
		"F655A8D5-B967-440B-8683-DAD6FF8DE990": "F655A8D5-B967-440B-8683-DAD6FF8DE990",
		"f655a8d5-b967-440b-8683-dad6ff8de990": "", // not Aliyun's form
		"13800138-B967-440B-8683-DAD6FF8DE990": "", // the form, holding the number
		"F655A8D5-B967-440B-8683-DAD6FF800130": "", // four digits of the number
		"F655A8D5-B967-440B-8683-DAD6FF8DE99":  "",
		"R1":                                   "",
		"LTAIkeyXYZ123":                        "",
		"":                                     "",
	} {
		assert.Equal(t, want, safeRequestID(id, sec), id)
	}
}

func TestSafeCode(t *testing.T) {
	sec := testSecrets()
	for code, want := range map[string]string{
		"isv.BUSINESS_LIMIT_CONTROL":  "isv.BUSINESS_LIMIT_CONTROL",
		"InvalidAccessKeyId.NotFound": "InvalidAccessKeyId.NotFound",
		"isv.SOMETHING_NEW":           "isv.SOMETHING_NEW",
		"OK":                          "OK",
		"LTAIkeyXYZ123":               "",
		"isv.13800138000":             "",
		"isv.x0013":                   "",
		"has space":                   "",
		strings.Repeat("A", 65):       "",
		"":                            "",
	} {
		assert.Equal(t, want, safeCode(code, sec), code)
	}
}

func TestDigitSequences(t *testing.T) {
	var got []string
	digitSequences("call +86 (138) 0013-8000, or ١٢٣٤ or 𝟙𝟚𝟛 at 12:30, x 1  2   3", func(seq []byte) bool {
		got = append(got, string(seq))
		return true
	})
	assert.Equal(t, []string{"8613800138000", "1234", "123", "12", "30", "12", "3"}, got)
	assert.True(t, looksLikeNumber("tel. 139 1234 5678"))
	assert.False(t, looksLikeNumber("Permits:10, 5 and 30"))
}

func TestSanitize(t *testing.T) {
	sec := testSecrets()
	signed := "http://127.0.0.1:1/?AccessKeyId=LTAIkeyXYZ123&PhoneNumbers=13800138000&Signature=abc"
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}

	got := sanitize(&url.Error{Op: "Post", URL: signed, Err: refused}, sec)
	assert.Equal(t, `Post "http://127.0.0.1:1/": dial tcp: connection refused`, got.Error())
	var op *net.OpError
	assert.ErrorAs(t, got, &op, "the cause stays reachable")

	for _, leak := range []string{"echo 13800138000", "echo 138 0013 8000", "echo 0013", "key XYZ123", "code 583920"} {
		got = sanitize(&url.Error{Op: "Post", URL: signed, Err: errors.New(leak)}, sec)
		assert.ErrorIs(t, got, errWithheld, leak)
		assert.Equal(t, `Post "http://127.0.0.1:1/": `+errWithheld.Error(), got.Error())
	}

	got = sanitize(&url.Error{Op: "Post", URL: signed, Err: context.Canceled}, sec)
	assert.ErrorIs(t, got, context.Canceled)
	assert.NotContains(t, got.Error(), "LTAIkey")

	got = sanitize(errors.Join(context.DeadlineExceeded, errors.New("body key fragment YXZ kEyXyZ")), sec)
	assert.Equal(t, context.DeadlineExceeded, got, "a context error survives the withholding")
}
