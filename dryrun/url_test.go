package dryrun_test

import (
	"net/url"
	"testing"

	"github.com/smskit/sms"
	"github.com/smskit/sms/dryrun"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOptionsFromURL(t *testing.T) {
	tests := []struct {
		url  string
		want dryrun.Options
	}{
		{"dryrun://", dryrun.Options{}},
		{"dryrun://default", dryrun.Options{}},
		{"dryrun://?provider=aliyun&default_region=US&keep=5", dryrun.Options{Provider: "aliyun", DefaultRegion: "US", Keep: 5}},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			u, err := url.Parse(tt.url)
			require.NoError(t, err)
			got, err := dryrun.OptionsFromURL(u)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			s, err := sms.OpenSender(t.Context(), tt.url)
			require.NoError(t, err)
			res, err := s.Send(t.Context(), sms.Message{To: "+8613800138000", Template: "SMS_1", Params: map[string]string{"code": "1"}})
			require.NoError(t, err)
			assert.True(t, res.DryRun)
		})
	}
}

func TestOpenSenderURLErrors(t *testing.T) {
	for _, raw := range []string{"dryrun://host", "dryrun://u:p@default", "dryrun://?keep=-1", "dryrun://?verbose=1", "dryrun:///path"} {
		t.Run(raw, func(t *testing.T) {
			_, err := sms.OpenSender(t.Context(), raw)
			require.Error(t, err)
			assert.ErrorIs(t, err, sms.ErrInvalidOptions)
		})
	}
}
