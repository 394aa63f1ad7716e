package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	var out strings.Builder
	require.NoError(t, run(&out))
	got := out.String()
	for _, want := range []string{
		"+86 138****8000 → sent by aliyun-primary after 1 attempt(s): template SMS_100000001, sign smskit\n",
		`+1 415****671 → sent by twilio after 1 attempt(s): body "Your login code is ******."` + "\n",
		"+86 139****9000 → sent by aliyun-backup after 2 attempt(s): template SMS_200000002, sign smskit备用\n",
		"+86 137****7000 → not sent, may have been accepted: true\n",
		`aliyun-primary: aliyun: unknown: connection lost after the request was sent`,
		"1 more target(s) not tried",
		"the backup received 0 message(s) for +86 137****7000; the primary stored 1",
	} {
		assert.Contains(t, got, want)
	}
	assert.NotContains(t, got, "482915", "the code is masked")
	assert.NotContains(t, got, "13800138000", "numbers are masked")
}
