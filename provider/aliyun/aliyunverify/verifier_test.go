package aliyunverify_test

import (
	"context"
	"testing"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/verify"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var ctx = context.Background()

func TestRoundTrip(t *testing.T) {
	e := newEnv(t, nil)
	ver, err := e.v.Start(ctx, verify.Request{To: e164, Purpose: "login"})
	require.NoError(t, err)
	assert.NotEmpty(t, ver.ID)
	assert.Equal(t, ver.ID, ver.Result.MessageID)
	assert.Equal(t, "aliyun", ver.Result.Provider)
	assert.Equal(t, start.Add(5*time.Minute), ver.Expires)
	assert.Equal(t, start.Add(time.Minute), ver.ResendAfter)

	code := e.lastCode(t)
	require.Len(t, code, 6)
	msg, ok := e.srv.LastMessageTo(national)
	require.True(t, ok)
	assert.Equal(t, code, msg.Params["code"])
	assert.Contains(t, msg.Content, code)

	out, err := e.v.Check(ctx, verify.Check{To: national, Purpose: "login", Code: code})
	require.NoError(t, err)
	assert.Equal(t, verify.Outcome{Status: verify.Approved}, out)

	// Used: the same code never passes again.
	out, err = e.v.Check(ctx, verify.Check{To: national, Purpose: "login", Code: code})
	require.NoError(t, err)
	assert.Equal(t, verify.Outcome{Status: verify.WrongCode, AttemptsLeft: -1}, out)
	_ = sms.Unknown
}
