package aliyunverify_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun/aliyunverify"
	"github.com/smskit/sms/verify"
)

// TestGuardRecipientCheckLimit: Aliyun sets no attempt cap on a code, so
// an attacker rotating keys would guess without end; verify.Guard's
// recipient check limit lets at most its checks reach Aliyun, counted in
// the emulator.
func TestGuardRecipientCheckLimit(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name     string
		guesses  int
		advance  time.Duration // between guesses
		reaching int           // checks that reach the emulator
	}{
		{"burst of 100 guesses", 100, 0, 10},
		{"one guess every 30 s for 12 minutes", 24, 30 * time.Second, 14}, // 10, then one for each that leaves the window
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, func(o *aliyunverify.Options) { o.ValidTime = time.Hour })
			g, err := verify.Guard(e.v, verify.GuardOptions{Now: e.clock.Now})
			require.NoError(t, err)
			_, err = g.Start(ctx, verify.Request{To: national, Key: "198.51.100.1"})
			require.NoError(t, err)
			code := e.lastCode(t)
			wrong := "000000"
			if code == wrong {
				wrong = "111111"
			}
			refused := 0
			for i := range tt.guesses {
				e.clock.Advance(tt.advance)
				out, err := g.Check(ctx, verify.Check{To: national, Code: wrong, Key: fmt.Sprintf("198.51.%d.%d", i/250, i%250)})
				if err != nil {
					require.Equal(t, sms.RateLimited, sms.CodeOf(err))
					refused++
					continue
				}
				require.Equal(t, verify.WrongCode, out.Status)
			}
			assert.Equal(t, tt.reaching, e.srv.Requests("CheckSmsVerifyCode"))
			assert.Equal(t, tt.guesses-tt.reaching, refused)

			// The right code is refused too while the limit holds...
			_, err = g.Check(ctx, verify.Check{To: national, Code: code, Key: "192.0.2.1"})
			require.Equal(t, sms.RateLimited, sms.CodeOf(err))
			assert.Equal(t, tt.reaching, e.srv.Requests("CheckSmsVerifyCode"))
			// ...and Aliyun itself would still approve it after all those
			// guesses: the guard's limit is the only cap.
			out, err := e.v.Check(ctx, verify.Check{To: national, Code: code})
			require.NoError(t, err)
			assert.True(t, out.Approved())
		})
	}
}
