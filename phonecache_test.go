package sms

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPhoneCacheBounded(t *testing.T) {
	c := newPhoneCache()
	for i := range 100_000 {
		c.put(phoneCacheKey{raw: fmt.Sprintf("+86139%08d", i), region: "CN"}, Phone{CountryCode: 86})
	}
	assert.LessOrEqual(t, c.len(), phoneCacheShards*phoneCacheShardCap)
	assert.Greater(t, c.len(), 0)
}

func TestParsePhoneCachesOnlyValidNumbers(t *testing.T) {
	c := newPhoneCache()
	raw := "+86 139 1234 5678"
	key := phoneCacheKey{raw, "CN"}
	_, ok := c.get(key)
	require.False(t, ok)

	p, err := c.parse(raw, "")
	require.NoError(t, err)
	cached, ok := c.get(key)
	require.True(t, ok, "a valid number is remembered under its default region")
	assert.Equal(t, p, cached)

	_, err = c.parse("+86 139 1234", "")
	require.Error(t, err)
	_, ok = c.get(phoneCacheKey{"+86 139 1234", "CN"})
	assert.False(t, ok, "an invalid number is not remembered")
	assert.Equal(t, 1, c.len())
}

func TestParsePhoneCacheKeepsRegionsApart(t *testing.T) {
	us, err := ParsePhone("2025550143", "US")
	require.NoError(t, err)
	assert.Equal(t, "+12025550143", us.E164())
	cn, err := ParsePhone("2025550143", "CN")
	require.NoError(t, err)
	assert.Equal(t, "+862025550143", cn.E164(), "the same digits are another number in another region")
}

// BenchmarkParsePhoneCold measures a first parse, which the cache cannot
// help: E.164 input (the fast path) and a national format (the full parse).
func BenchmarkParsePhoneCold(b *testing.B) {
	for _, raw := range []string{"+8613800138000", "138 0013 8000"} {
		b.Run(raw, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := parsePhone(raw, DefaultRegion); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
