package senderkittest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun"
)

// SendLikeAliyun sends c's message to s, an in-memory sender given Aliyun's
// rules and the templates of opts, and to the Aliyun provider with opts over
// its emulator (NewAliyun), and checks that s accepts what Aliyun accepts
// and refuses the rest with the very error Aliyun's Sender returns: an
// InvalidArgument, not accepted, that breaks c.WantRule and shows neither
// the number nor a param. It returns s's error.
func SendLikeAliyun(t *testing.T, s sms.Sender, c Case, opts aliyun.Options) error {
	t.Helper()
	ctx := c.context()
	res, err := s.Send(ctx, c.Msg)
	_, prodErr := NewAliyun(t, opts).Send(ctx, c.Msg)
	if c.WantRule == nil {
		require.NoError(t, prodErr, "Aliyun accepts it")
		require.NoError(t, err)
		return nil
	}
	assert.Equal(t, prodErr, err, "the error Aliyun's Sender returns")
	assert.Zero(t, res)
	assert.ErrorIs(t, err, c.WantRule)
	assert.Equal(t, sms.InvalidArgument, sms.CodeOf(err))
	assert.True(t, sms.IsNotAccepted(err))
	assert.NotContains(t, err.Error(), "13800138000")
	assert.NotContains(t, err.Error(), "999999")
	return err
}

// SendLikeTheCore sends c's message to s, an in-memory sender called
// provider with zero Options, and checks that s accepts it or refuses it
// with the error the core's Validator returns, breaking c.WantRule. It
// returns s's error.
func SendLikeTheCore(t *testing.T, s sms.Sender, c Case, provider string) error {
	t.Helper()
	ctx := c.context()
	_, err := s.Send(ctx, c.Msg)
	if c.WantRule == nil {
		require.NoError(t, err)
		return nil
	}
	v, verr := sms.NewValidator(sms.Rules{Provider: provider}, nil)
	require.NoError(t, verr)
	_, want := v.Prepare(ctx, c.Msg)
	assert.Equal(t, want, err)
	assert.ErrorIs(t, err, c.WantRule)
	return err
}

// context returns the context to send c's message with: nil for NilCtx.
func (c Case) context() context.Context {
	if c.NilCtx {
		return nil
	}
	return context.Background()
}
