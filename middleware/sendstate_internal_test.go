package middleware

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
)

// TestE164Of checks the recipient key without allocation: the number
// itself when it already is the parsed number in E.164, otherwise the
// E.164 form built from it, the same string either way.
func TestE164Of(t *testing.T) {
	tests := []struct {
		raw, region string
		want        string
		same        bool // the key is raw itself
	}{
		{raw: "+8613800138000", want: "+8613800138000", same: true},
		{raw: "+12025550123", want: "+12025550123", same: true},
		{raw: "+442079460958", want: "+442079460958", same: true},
		{raw: "13800138000", region: "CN", want: "+8613800138000"},
		{raw: "8613800138000", region: "CN", want: "+8613800138000"},
		{raw: "+86 138 0013 8000", want: "+8613800138000"},
		{raw: "+86-13800138000", want: "+8613800138000"},
		{raw: "008613800138000", region: "CN", want: "+8613800138000"},
		{raw: "(202) 555-0123", region: "US", want: "+12025550123"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			p, err := sms.ParsePhone(tt.raw, tt.region)
			require.NoError(t, err)
			require.Equal(t, p.E164(), tt.want)
			got := e164Of(tt.raw, p)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.same, unsafe.StringData(got) == unsafe.StringData(tt.raw), "key is the number itself")
		})
	}
}

// TestE164OfOtherNumber checks that a number is never its own key when it
// is not the parsed number in E.164: the digits must match the country
// code exactly, with no sign or leading zero.
func TestE164OfOtherNumber(t *testing.T) {
	p := sms.Phone{CountryCode: 86, National: "13800138000", Region: "CN"}
	for _, raw := range []string{"++8613800138000", "+08613800138000", "+8813800138000", "+6813800138000",
		"+813800138000", "+86013800138000", "+-8613800138000", "8613800138000", "+13800138000", "+"} {
		assert.Equal(t, "+8613800138000", e164Of(raw, p), raw)
	}
}

// TestSendStateParsesOnce checks that a recipient parsed by one layer
// serves the next only when parsed in the same default region.
func TestSendStateParsesOnce(t *testing.T) {
	var st sendState
	p, err := st.parse("13800138000", "")
	require.NoError(t, err)
	assert.Equal(t, "+8613800138000", p.E164())
	assert.Equal(t, sms.DefaultRegion, st.region)
	p, err = st.parse("13800138000", "CN")
	require.NoError(t, err)
	assert.Equal(t, "+8613800138000", p.E164())
	// Another region: parsed again (as a US number this is not valid).
	_, err = st.parse("13800138000", "US")
	require.Error(t, err)
	assert.Equal(t, sms.DefaultRegion, st.region, "a failed parse keeps what was parsed")
	// A number that does not parse is never remembered.
	var empty sendState
	_, err = empty.parse("12", "CN")
	require.Error(t, err)
	assert.Empty(t, empty.region)
}
