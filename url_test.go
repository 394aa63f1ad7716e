package sms_test

import (
	"context"
	"net/url"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	_ "github.com/smskit/sms/dryrun"
)

func TestOpenSenderErrors(t *testing.T) {
	const secret = "Zq8Xv2Ww9Pp0KkSecret"
	tests := []struct {
		name, url, want string
	}{
		{"empty", "", `does not start with a scheme and "://"`},
		{"no scheme", "LTAI5tKey:" + secret + "@default?sign=s", `does not start with a scheme`},
		{"bad scheme", "1aliyun://default", `does not start with a scheme`},
		{"unregistered", "aliyn://default?sign=s", `scheme "aliyn" is not registered`},
		{"registered list", "nope://", "registered: "},
		{"bad escaping", "dryrun://?provider=%" + secret, "query is malformed"},
		{"bad host", "dryrun://" + secret + ":x:y@[::1?keep=1", "malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sms.OpenSender(context.Background(), tt.url)
			require.Error(t, err)
			assert.ErrorIs(t, err, sms.ErrInvalidOptions)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), secret[:6])
		})
	}
}

// registerRuns counts TestRegisterScheme's runs.
var registerRuns atomic.Int32

func TestRegisterScheme(t *testing.T) {
	opener := sms.URLOpenerFunc(func(_ context.Context, u *url.URL) (sms.Sender, error) {
		return sms.SenderFunc(func(context.Context, sms.Message) (sms.Result, error) {
			return sms.Result{Provider: u.Host}, nil
		}), nil
	})
	// A name of its own on each run, so that -count=2 does not register it
	// twice.
	run := strconv.Itoa(int(registerRuns.Add(1)))
	sms.RegisterScheme("Test-Scheme"+run, opener)
	assert.Contains(t, sms.Schemes(), "test-scheme"+run)
	s, err := sms.OpenSender(context.Background(), "TEST-scheme"+run+"://host1")
	require.NoError(t, err)
	res, err := s.Send(context.Background(), sms.Message{})
	require.NoError(t, err)
	assert.Equal(t, "host1", res.Provider)

	assert.Panics(t, func() { sms.RegisterScheme("test-SCHEME"+run, opener) }, "registered twice")
	assert.Panics(t, func() { sms.RegisterScheme("bad scheme", opener) })
	assert.Panics(t, func() { sms.RegisterScheme("other", nil) })
	//lint:ignore SA1012 a nil context is refused, which is what is tested
	_, err = sms.OpenSender(nil, "dryrun://")
	assert.ErrorIs(t, err, sms.ErrInvalidOptions)
}
