package dryrun_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms/dryrun"
)

// sendCodes sends n login codes "0", "1", … to distinct numbers and returns
// the sender.
func sendCodes(t *testing.T, opts dryrun.Options, n int) *dryrun.Sender {
	t.Helper()
	opts.Logger = quiet()
	s := newSender(t, opts)
	for i := range n {
		_, err := s.Send(context.Background(), loginCode(fmt.Sprintf("+86138%08d", i), strconv.Itoa(i)))
		require.NoError(t, err)
	}
	return s
}

func TestKeepBoundsMemory(t *testing.T) {
	tests := []struct {
		name  string
		keep  int
		sends int
		want  []string // codes kept, oldest first
	}{
		{name: "fewer than Keep", keep: 5, sends: 3, want: []string{"0", "1", "2"}},
		{name: "exactly Keep", keep: 3, sends: 3, want: []string{"0", "1", "2"}},
		{name: "Keep plus one", keep: 3, sends: 4, want: []string{"1", "2", "3"}},
		{name: "Keep plus many", keep: 3, sends: 3 + 8, want: []string{"8", "9", "10"}},
		{name: "Keep one", keep: 1, sends: 5, want: []string{"4"}},
		{name: "negative keeps none", keep: -1, sends: 5, want: []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sendCodes(t, dryrun.Options{Keep: tt.keep}, tt.sends)
			got := []string{}
			for _, m := range s.Messages() {
				got = append(got, m.Params["code"])
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestKeepDefault(t *testing.T) {
	s := sendCodes(t, dryrun.Options{}, dryrun.DefaultKeep+7)
	msgs := s.Messages()
	require.Len(t, msgs, dryrun.DefaultKeep)
	assert.Equal(t, "7", msgs[0].Params["code"])
	assert.Equal(t, strconv.Itoa(dryrun.DefaultKeep+6), msgs[len(msgs)-1].Params["code"])
}

func TestLastCodeAndSentTo(t *testing.T) {
	s := newSender(t, dryrun.Options{Logger: quiet(), Keep: 3})
	ctx := context.Background()
	for _, m := range []struct{ to, code string }{
		{"+8613800138000", "old"},
		{"+8613800138000", "111111"},
		{"+8613900139000", "222222"},
		{"13800138000", "333333"},
	} {
		_, err := s.Send(ctx, loginCode(m.to, m.code))
		require.NoError(t, err)
	}
	tests := []struct {
		number string
		want   string
		sentTo []string // codes, oldest first, of the kept messages
		found  bool
	}{
		{number: "+8613800138000", want: "333333", sentTo: []string{"111111", "333333"}, found: true},
		{number: "138 0013 8000", want: "333333", sentTo: []string{"111111", "333333"}, found: true},
		{number: "+86 139 0013 9000", want: "222222", sentTo: []string{"222222"}, found: true},
		{number: "+12015550123", found: false},
		{number: "not a number", found: false},
	}
	for _, tt := range tests {
		t.Run(tt.number, func(t *testing.T) {
			r, ok := s.Last(tt.number)
			assert.Equal(t, tt.found, ok)
			assert.Equal(t, tt.want, r.Message.Params["code"])
			if ok {
				assert.True(t, r.Result.DryRun)
			}

			code, ok := s.Code(tt.number, "code")
			assert.Equal(t, tt.found, ok)
			assert.Equal(t, tt.want, code)

			var sent []string
			for _, m := range s.SentTo(tt.number) {
				sent = append(sent, m.Params["code"])
			}
			assert.Equal(t, tt.sentTo, sent)
		})
	}
	_, ok := s.Code("+8613800138000", "pin")
	assert.False(t, ok, "no such param")
}

func TestLastOnlySeesKeptMessages(t *testing.T) {
	s := sendCodes(t, dryrun.Options{Keep: 2}, 3)
	_, ok := s.Last("+8613800000000") // the first, dropped
	assert.False(t, ok)
	_, ok = s.Last("+8613800000002")
	assert.True(t, ok)
}

func TestMessagesAreCopies(t *testing.T) {
	s := newSender(t, dryrun.Options{Logger: quiet()})
	msg := loginCode("+8613800138000", "123456")
	_, err := s.Send(context.Background(), msg)
	require.NoError(t, err)

	msg.Params["code"] = "changed by the caller"
	s.Messages()[0].Params["code"] = "changed by a reader"
	s.Records()[0].Message.Params["code"] = "changed by a reader"
	s.SentTo("+8613800138000")[0].Params["code"] = "changed by a reader"
	last, _ := s.Last("+8613800138000")
	last.Message.Params["code"] = "changed again"

	code, _ := s.Code("+8613800138000", "code")
	assert.Equal(t, "123456", code)
}
