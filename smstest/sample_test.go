package smstest

import (
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
)

// TestSampleFitsAliyunNotificationTemplate checks what Sample promises.
func TestSampleFitsAliyunNotificationTemplate(t *testing.T) {
	m := Sample()
	requireValidE164(t, m.To)
	assert.Equal(t, DefaultTemplate, m.Template)
	assert.Equal(t, "conformance-1", m.Reference)
	require.Equal(t, map[string]string{"code": "472913", "name": "张三🎉"}, m.Params)
	for k, v := range m.Params {
		n := utf8.RuneCountInString(v)
		assert.True(t, n >= 1 && n <= 35, "param %q has %d characters, Aliyun allows 1 to 35", k, n)
	}
	name := []rune(m.Params["name"])
	assert.True(t, unicode.Is(unicode.Han, name[0]), "name starts with Chinese text")
	assert.Greater(t, name[len(name)-1], rune(0xFFFF), "name ends with an emoji outside the BMP")
	_, err := sms.Normalize(m, "")
	require.NoError(t, err)

	m.Params["code"] = "changed"
	assert.Equal(t, "472913", Sample().Params["code"], "each Sample has its own params")
}

// TestSamplesAreDistinctValidRecipients checks every message Concurrent
// sends, and the last number Samples can make.
func TestSamplesAreDistinctValidRecipients(t *testing.T) {
	msgs := Samples(Concurrency * SendsPerGoroutine)
	require.Len(t, msgs, 256)
	seen := map[string]bool{Sample().To: true}
	refs := map[string]bool{Sample().Reference: true}
	for _, m := range msgs {
		requireValidE164(t, m.To)
		assert.False(t, seen[m.To], "recipient %s repeats", m.To)
		assert.False(t, refs[m.Reference], "reference %s repeats", m.Reference)
		seen[m.To], refs[m.Reference] = true, true
		assert.Equal(t, Sample().Params, m.Params)
	}
	assert.Equal(t, "+8613900000000", msgs[0].To)
	assert.Equal(t, "conformance-2", msgs[0].Reference)
	requireValidE164(t, sampleAt(MaxSamples-1).To)
	assert.Empty(t, Samples(-1))
}

// TestInvalidNumbersAreInvalid checks that the InvalidNumber case's numbers
// are refused by libphonenumber, so that no correct Sender may accept them.
func TestInvalidNumbersAreInvalid(t *testing.T) {
	for _, bad := range invalidNumbers {
		_, err := sms.ParsePhone(bad.number, "")
		assert.Equal(t, sms.InvalidArgument, sms.CodeOf(err), bad.why)
	}
}

func requireValidE164(t *testing.T, number string) {
	t.Helper()
	p, err := sms.ParsePhone(number, "")
	require.NoError(t, err, number)
	require.Equal(t, number, p.E164())
	require.Equal(t, "CN", p.Region)
}
