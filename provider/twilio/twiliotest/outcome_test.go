package twiliotest_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms/internal/testclock"
	"github.com/smskit/sms/provider/twilio/twiliotest"
)

func TestSetOutcome(t *testing.T) {
	clk := testclock.New(time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC))
	srv := newServer(t, twiliotest.Options{Now: clk.Now})
	api := newAPI(srv, twiliotest.TestAccountSID, twiliotest.TestAuthToken)
	m, err := api.CreateMessage(params("+14155552671", twiliotest.TestFrom, "hi"))
	require.NoError(t, err)
	assert.False(t, srv.SetOutcome("SMnope", twiliotest.Outcome{Status: "failed"}))
	require.True(t, srv.SetOutcome(*m.Sid, twiliotest.Outcome{Status: "undelivered", ErrorCode: 30003}))
	got, err := api.FetchMessage(*m.Sid, nil)
	require.NoError(t, err)
	assert.Equal(t, "undelivered", *got.Status, "at once, before the clock moved")
	assert.Equal(t, 30003, *got.ErrorCode)
	require.True(t, srv.SetOutcome(*m.Sid, twiliotest.Outcome{Status: "delivered"}))
	got, err = api.FetchMessage(*m.Sid, nil)
	require.NoError(t, err)
	assert.Equal(t, "delivered", *got.Status)
}
