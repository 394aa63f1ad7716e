package urlopt

import (
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/smskit/sms"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func query(t *testing.T, raw string) (*Query, *url.URL) {
	t.Helper()
	u, err := url.Parse(raw)
	require.NoError(t, err)
	return NewQuery("p", u), u
}

func TestQueryValues(t *testing.T) {
	q, u := query(t, "x://host:1/path?s=a+b%20c&b=true&d=1m30s&n=7&protocol=http")
	assert.Equal(t, "a+b c", q.String("s"), "+ is a plus sign")
	assert.True(t, q.Bool("b"))
	assert.Equal(t, 90*time.Second, q.Duration("d"))
	assert.Equal(t, 7, q.Int("n"))
	assert.Equal(t, "http://host:1/path", Endpoint(q, u, true))
	assert.Equal(t, 0, q.Int("absent"))
	require.NoError(t, q.Done())
}

func TestQueryErrors(t *testing.T) {
	const secret = "Zq8Xv2Ww9Pp0KkSecretValue"
	tests := []struct {
		raw, want string
		read      func(q *Query)
	}{
		{"x://?b=" + secret, "b is not true or false", func(q *Query) { q.Bool("b") }},
		{"x://?d=-1s", "d is not a positive duration", func(q *Query) { q.Duration("d") }},
		{"x://?n=0", "n is not a positive integer", func(q *Query) { q.Int("n") }},
		{"x://?s=1&s=2", "s is given more than once", func(q *Query) { q.String("s") }},
		{"x://?s=1&extra=" + secret, `unknown parameter "extra"; known: s`, func(q *Query) { q.String("s") }},
		{"x://?s=1&" + secret, "an unknown parameter; known: s", func(q *Query) { q.String("s") }},
		{"x://?a=1&b=2", "2 unknown parameters (a, b)", func(*Query) {}},
		{"x://?s=%zz" + secret, "query is malformed", func(q *Query) { q.String("s") }},
		{"x://?templates=" + url.QueryEscape(filepath.Join(os.TempDir(), "no-such-smskit-file.json")), "cannot be read", func(q *Query) { Templates(q) }},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			q, _ := query(t, tt.raw)
			tt.read(q)
			err := q.Done()
			require.Error(t, err)
			assert.ErrorIs(t, err, sms.ErrInvalidOptions)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), secret[:6])
		})
	}
}

func TestTemplatesFile(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"not JSON", "name: x", "is not a JSON array of templates"},
		{"unknown field", `[{"name":"a","kind":"verification","cod":{}}]`, "is not a JSON array of templates"},
		{"no kind", `[{"name":"a","text":"SECRETTEXT"}]`, `gives template "a" no kind`},
		{"bad kind", `[{"kind":"otp"}]`, `gives template "#1" no kind`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "t.json")
			require.NoError(t, os.WriteFile(path, []byte(tt.body), 0o600))
			q, _ := query(t, "x://?templates="+url.QueryEscape(path))
			assert.Nil(t, Templates(q))
			err := q.Done()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), "SECRETTEXT")
		})
	}
}
