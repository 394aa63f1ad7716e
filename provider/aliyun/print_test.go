package aliyun_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms/provider/aliyun"
)

func TestPrintingHidesCredentials(t *testing.T) {
	opts := aliyun.Options{AccessKeyID: testKeyID, AccessKeySecret: testKeySecret, Region: "cn-hangzhou",
		Endpoint: "http://127.0.0.1:1", SignName: "smskit"}
	s, err := aliyun.New(opts)
	require.NoError(t, err)
	var logged bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logged, nil))
	logger.Info("config", "opts", opts, "sender", s)
	outputs := map[string]string{
		"options %v":  fmt.Sprintf("%v", opts),
		"options %+v": fmt.Sprintf("%+v", opts),
		"options %#v": fmt.Sprintf("%#v", opts),
		"sender %v":   fmt.Sprintf("%v", s),
		"sender %+v":  fmt.Sprintf("%+v", s),
		"sender %#v":  fmt.Sprintf("%#v", s),
		"slog":        logged.String(),
	}
	for name, out := range outputs {
		t.Run(name, func(t *testing.T) {
			assert.NotContains(t, out, testKeySecret)
			assert.NotContains(t, out, testKeyID)
			assert.Contains(t, out, "AccessKey: set")
			assert.Contains(t, out, "smskit")
		})
	}
	assert.Equal(t, "aliyun.Sender{AccessKey: set, Region: cn-hangzhou, Endpoint: http://127.0.0.1:1, SignName: smskit, TemplateKey: aliyun}", s.String())
}
