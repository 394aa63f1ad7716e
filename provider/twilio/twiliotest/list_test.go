package twiliotest_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	openapi "github.com/twilio/twilio-go/rest/api/v2010"

	"github.com/smskit/sms/internal/testclock"
	"github.com/smskit/sms/provider/twilio/twiliotest"
)

func TestRealClientListsWithPaging(t *testing.T) {
	clk := testclock.New(time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC))
	srv := newServer(t, twiliotest.Options{Now: clk.Now})
	api := newAPI(srv, twiliotest.TestAccountSID, twiliotest.TestAuthToken)
	for i := range 5 {
		_, err := api.CreateMessage(params("+14155552671", twiliotest.TestFrom, fmt.Sprintf("message %d", i)))
		require.NoError(t, err)
		clk.Advance(time.Minute)
	}
	_, err := api.CreateMessage(params("+14155550000", twiliotest.TestFrom, "other"))
	require.NoError(t, err)
	before := srv.Requests()

	lp := &openapi.ListMessageParams{}
	lp.SetTo("+14155552671")
	lp.SetPageSize(2)
	msgs, err := api.ListMessage(lp)
	require.NoError(t, err)
	require.Len(t, msgs, 5, "twilio-go follows next_page_uri")
	assert.Equal(t, "message 4", *msgs[0].Body, "newest first")
	assert.Equal(t, "message 0", *msgs[4].Body)
	assert.Equal(t, before+3, srv.Requests(), "three pages of two")

	lp = &openapi.ListMessageParams{}
	lp.SetLimit(3)
	msgs, err = api.ListMessage(lp)
	require.NoError(t, err)
	assert.Len(t, msgs, 3)

	lp = &openapi.ListMessageParams{}
	lp.SetDateSentAfter(time.Date(2025, 3, 1, 12, 2, 30, 0, time.UTC))
	msgs, err = api.ListMessage(lp)
	require.NoError(t, err)
	assert.Len(t, msgs, 3, "messages 3, 4 and other")

	lp = &openapi.ListMessageParams{}
	lp.SetPageSize(1001)
	_, err = api.PageMessage(lp, "", "")
	assert.Equal(t, 20001, restError(t, err).Code)

	other := newAPI(srv, "AC00000000000000000000000000000009", twiliotest.TestAuthToken)
	_, err = other.ListMessage(&openapi.ListMessageParams{})
	assert.Equal(t, 20003, restError(t, err).Code, "another account's list needs its credentials")
}
