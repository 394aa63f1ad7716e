package dryrun_test

import (
	"context"
	"log/slog"
	"testing"

	"github.com/smskit/sms"
	"github.com/smskit/sms/dryrun"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSendBatchRecordsEachRecipient(t *testing.T) {
	s, err := dryrun.New(dryrun.Options{Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	bs, ok := sms.As[sms.BatchSender](s)
	require.True(t, ok)
	res, err := bs.SendBatch(context.Background(), sms.Batch{Template: "notice", Recipients: []sms.Recipient{
		{To: "+8613800138000", Params: map[string]string{"n": "1"}},
		{To: "+12"},
		{To: "+8613800138001", Sign: "s"},
	}})
	require.NoError(t, err)
	require.Len(t, res, 3)
	assert.NoError(t, res[0].Err)
	assert.True(t, sms.IsNotAccepted(res[1].Err), "a bad number is refused alone")
	assert.NoError(t, res[2].Err)
	assert.Len(t, s.Records(), 2)
	_, err = bs.SendBatch(context.Background(), sms.Batch{Template: "notice"})
	assert.ErrorIs(t, err, sms.ErrBatchTooLarge)
}
