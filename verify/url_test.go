package verify_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/urlopt"
	"github.com/smskit/sms/verify"
)

// urlVerifier is the Verifier the test scheme opens: it keeps its URL.
type urlVerifier struct {
	verify.Verifier
	u *url.URL
}

func init() {
	verify.RegisterScheme("TestVerify", verify.URLOpenerFunc(func(_ context.Context, u *url.URL) (verify.Verifier, error) {
		return urlVerifier{u: u}, nil
	}))
}

func TestOpenVerifier(t *testing.T) {
	v, err := verify.OpenVerifier(ctx, "testverify://id:s%3Acret@default?x=1")
	require.NoError(t, err)
	u := v.(urlVerifier).u
	pw, _ := u.User.Password()
	assert.Equal(t, "s:cret", pw)
	assert.Equal(t, "default", u.Host)
	assert.Contains(t, verify.Schemes(), "testverify")

	v, err = verify.OpenVerifier(ctx, "TESTVERIFY://host")
	require.NoError(t, err, "schemes are case-insensitive")
	assert.NotNil(t, v)
}

func TestOpenVerifierErrors(t *testing.T) {
	const secret = "Zq8Xv2Ww9Pp0KkSecret"
	tests := []struct {
		name, raw, want string
	}{
		{"no scheme", secret + "@host", `does not start with a scheme and "://", such as "twilioverify://"; registered: `},
		{"unregistered", "nosuchverify://" + secret + "@default", `scheme "nosuchverify" is not a registered verifier scheme`},
		{"long scheme not echoed", "a" + secret + secret + "://x", "the scheme is not a registered"},
		{"sender scheme", "dryrun://default", `scheme "dryrun" is not a registered verifier scheme`},
		{"bad escape", "testverify://id:" + secret + "%zz@default", "malformed %-escape"},
		{"bad port", "testverify://id:" + secret + "@host:" + secret, "malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := verify.OpenVerifier(ctx, tt.raw)
			require.Error(t, err)
			assert.Nil(t, v)
			assert.ErrorIs(t, err, sms.ErrInvalidOptions)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), secret[:8])
		})
	}
	_, err := verify.OpenVerifier(nil, "testverify://x") //lint:ignore SA1012 a nil context is the point
	require.ErrorIs(t, err, sms.ErrInvalidOptions)
	_, err = verify.OpenVerifier(ctx, "testverify://id:"+secret+"%zz@default")
	assert.ErrorIs(t, err, urlopt.ErrMalformedURL)
}

func TestRegisterSchemePanics(t *testing.T) {
	opener := verify.URLOpenerFunc(func(context.Context, *url.URL) (verify.Verifier, error) { return nil, nil })
	for name, f := range map[string]func(){
		"malformed": func() { verify.RegisterScheme("1bad", opener) },
		"empty":     func() { verify.RegisterScheme("", opener) },
		"nil":       func() { verify.RegisterScheme("niltest", nil) },
		"twice":     func() { verify.RegisterScheme("testverify", opener) },
	} {
		assert.Panics(t, f, name)
	}
}
