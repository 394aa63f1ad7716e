package fake_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/fake"
)

// stepClock returns a clock that advances one second on each call.
func stepClock(start time.Time) func() time.Time {
	now := start
	return func() time.Time {
		now = now.Add(time.Second)
		return now
	}
}

func TestRecordsAreCopies(t *testing.T) {
	s := fake.MustNew(fake.Options{})
	msg := loginCode("+8613800138000", "123456")
	_, err := s.Send(context.Background(), msg)
	require.NoError(t, err)

	msg.Params["code"] = "changed by the caller"
	got := s.Records()
	got[0].Message.Params["code"] = "changed by the reader"
	s.Messages()[0].Params["code"] = "changed again"
	last, _ := s.Last("+8613800138000")
	last.Message.Params["code"] = "and again"
	s.SentTo("+8613800138000")[0].Params["code"] = "and again"

	assert.Equal(t, "123456", s.Records()[0].Message.Params["code"])
}

func TestRecordsFailuresAndSuccesses(t *testing.T) {
	start := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	s := fake.MustNew(fake.Options{Now: stepClock(start)})
	ctx := context.Background()

	_, err := s.Send(ctx, loginCode("+8613800138000", "111111"))
	require.NoError(t, err)
	_, err = s.Send(ctx, loginCode("not a number", "222222"))
	require.Error(t, err)
	_, err = s.Send(ctx, loginCode("+8613900139000", "333333"))
	require.NoError(t, err)
	s.FailNext(1, &sms.Error{Code: sms.Unavailable, NotAccepted: true})
	_, err = s.Send(ctx, loginCode("+8613800138000", "444444"))
	require.Error(t, err)

	records := s.Records()
	require.Len(t, records, 4)
	for i, want := range []struct {
		code     string
		accepted bool
	}{{"111111", true}, {"222222", false}, {"333333", true}, {"444444", false}} {
		assert.Equal(t, want.code, records[i].Message.Params["code"], "record %d", i)
		assert.Equal(t, want.accepted, records[i].Accepted(), "record %d", i)
		assert.Equal(t, start.Add(time.Duration(i+1)*time.Second), records[i].Time, "record %d stamped by the injected clock", i)
	}

	assert.Equal(t, 2, s.Len())
	msgs := s.Messages()
	require.Len(t, msgs, 2)
	assert.Equal(t, "111111", msgs[0].Params["code"])
	assert.Equal(t, "333333", msgs[1].Params["code"])

	last, ok := s.Last("138 0013 8000")
	require.True(t, ok)
	assert.Equal(t, "111111", last.Message.Params["code"], "Last skips failed sends")
	assert.Equal(t, start.Add(time.Second), last.Time)
	last, ok = s.Last("+8613900139000")
	require.True(t, ok)
	assert.Equal(t, "333333", last.Message.Params["code"])
}

func TestSentTo(t *testing.T) {
	s := fake.MustNew(fake.Options{})
	ctx := context.Background()
	for _, m := range []sms.Message{
		loginCode("+8613800138000", "1"),
		loginCode("+8613900139000", "2"),
		loginCode("13800138000", "3"),
	} {
		_, err := s.Send(ctx, m)
		require.NoError(t, err)
	}
	tests := []struct {
		number string
		want   []string
	}{
		{"+8613800138000", []string{"1", "3"}},
		{"138 0013 8000", []string{"1", "3"}},
		{"+86 139-0013-9000", []string{"2"}},
		{"+12015550123", nil},
		{"not a number", nil},
	}
	for _, tt := range tests {
		t.Run(tt.number, func(t *testing.T) {
			var got []string
			for _, m := range s.SentTo(tt.number) {
				got = append(got, m.Params["code"])
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestReset(t *testing.T) {
	s := fake.MustNew(fake.Options{})
	ctx := context.Background()
	before, err := s.Send(ctx, loginCode("+8613800138000", "1"))
	require.NoError(t, err)
	s.FailNext(1, nil)

	s.Reset()
	assert.Zero(t, s.Len())
	assert.Empty(t, s.Records())
	_, ok := s.Last("+8613800138000")
	assert.False(t, ok)

	_, err = s.Send(ctx, loginCode("+8613800138000", "2"))
	assert.Equal(t, sms.Unavailable, sms.CodeOf(err), "Reset keeps scripted failures")
	after, err := s.Send(ctx, loginCode("+8613800138000", "3"))
	require.NoError(t, err)
	assert.NotEqual(t, before.MessageID, after.MessageID, "ids stay unique across Reset")
}

func TestLastEmpty(t *testing.T) {
	s := fake.MustNew(fake.Options{})
	_, err := s.Send(context.Background(), loginCode("bad", "1"))
	require.Error(t, err)
	_, ok := s.Last("bad")
	assert.False(t, ok)
	assert.Empty(t, s.Messages())
}
