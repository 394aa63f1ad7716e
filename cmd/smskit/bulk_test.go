package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const bulkTemplate = "SMS_300000001"

// bulkSummaryJSON is smskit bulk --json's output.
type bulkSummaryJSON struct {
	OK               bool  `json:"ok"`
	Accepted         int64 `json:"accepted"`
	NotAccepted      int64 `json:"not_accepted"`
	PossiblyAccepted int64 `json:"possibly_accepted"`
	Skipped          int64 `json:"skipped"`
	Calls            int64 `json:"calls"`
}

// writeCSV writes n rows number,name,order to a file and returns its path.
func writeCSV(t *testing.T, n int, bad ...int) string {
	var b strings.Builder
	b.WriteString("number,name,order\n")
	for i := range n {
		num := fmt.Sprintf("+86139%08d", i)
		for _, x := range bad {
			if x == i {
				num = "+8612"
			}
		}
		fmt.Fprintf(&b, "%s,客户%d,B%d\n", num, i, i)
	}
	p := filepath.Join(t.TempDir(), "rcpt.csv")
	require.NoError(t, os.WriteFile(p, []byte(b.String()), 0o600))
	return p
}

func bulkEmulator(t *testing.T) *aliyuntest.Server {
	srv := aliyuntest.NewServer(aliyuntest.Options{
		Limits:    aliyuntest.Limits{Disabled: true},
		Templates: map[string]aliyuntest.Template{bulkTemplate: {Text: "${name}，订单${order}已发货"}},
	})
	t.Cleanup(srv.Close)
	return srv
}

func decodeSummary(t *testing.T, r result) bulkSummaryJSON {
	var s bulkSummaryJSON
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &s), r.stdout+r.stderr)
	return s
}

func TestBulkSendsAndResumes(t *testing.T) {
	srv := bulkEmulator(t)
	u := aliyunURL(srv, aliyuntest.TestAccessKeySecret)
	csvPath := writeCSV(t, 250)
	journal := filepath.Join(t.TempDir(), "run.jsonl")
	args := []string{"bulk", "--url", u, "--template", bulkTemplate, "--csv", csvPath, "--rate", "1000",
		"--journal", journal, "--progress", "1ns", "--json"}

	r := smskit(t, nil, args...)
	require.Equal(t, exitOK, r.code, r.stdout+r.stderr)
	s := decodeSummary(t, r)
	assert.Equal(t, bulkSummaryJSON{OK: true, Accepted: 250, Calls: 3}, s)
	assert.Contains(t, r.stderr, "progress: ", "plain lines when stderr is not a terminal")
	assert.Contains(t, r.stderr, "/250 sent")
	assert.Equal(t, 3, srv.Requests("SendBatchSms"))
	msg, ok := srv.LastMessageTo("+8613900000007")
	require.True(t, ok)
	assert.Equal(t, map[string]string{"name": "客户7", "order": "B7"}, msg.Params)
	r.hides(t, "13900000007", "客户7")

	raw, err := os.ReadFile(journal)
	require.NoError(t, err)
	assert.NotContains(t, string(raw), "1390000")
	assert.NotContains(t, string(raw), "客户")
	st, err := os.Stat(journal + ".key")
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())

	// The same journal again without --resume is refused.
	r = smskit(t, nil, args...)
	assert.Equal(t, exitUsage, r.code, r.stderr)
	assert.Contains(t, r.stderr, "--resume")

	// --resume sends to nobody twice.
	r = smskit(t, nil, append(args, "--resume")...)
	require.Equal(t, exitOK, r.code, r.stdout+r.stderr)
	assert.Equal(t, bulkSummaryJSON{OK: true, Skipped: 250}, decodeSummary(t, r))
	assert.Equal(t, 3, srv.Requests("SendBatchSms"))
}

func TestBulkExitCodes(t *testing.T) {
	srv := bulkEmulator(t)
	u := aliyunURL(srv, aliyuntest.TestAccessKeySecret)
	journal := filepath.Join(t.TempDir(), "run.jsonl")
	csvPath := writeCSV(t, 150, 120)
	args := []string{"bulk", "--url", u, "--template", bulkTemplate, "--csv", csvPath, "--rate", "1000", "--journal", journal,
		"--concurrency", "1"} // the queued fault hits the first call, in order

	srv.QueueFault(aliyuntest.Fault{Kind: aliyuntest.FaultDropAfterAccept}) // the first call: 100 possibly accepted
	r := smskit(t, nil, args...)
	require.Equal(t, exitMayBeAccepted, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stdout, "49 accepted, 1 not accepted, 100 possibly accepted")
	assert.Contains(t, r.stderr, "possibly_accepted")

	r = smskit(t, nil, append(args, "--resume", "--retry-failed", "--json")...)
	require.Equal(t, exitNotAccepted, r.code, r.stdout+r.stderr)
	assert.Equal(t, bulkSummaryJSON{NotAccepted: 1, Skipped: 149, Calls: 1}, decodeSummary(t, r),
		"the bad number again, and none of the possibly accepted")
	for i := range 100 {
		assert.Len(t, srv.MessagesTo(fmt.Sprintf("+86139%08d", i)), 1, "accepted by the dropped call, never resent")
	}

	tests := []struct {
		name string
		args []string
		code int
		says string
	}{
		{"no template", []string{"bulk", "--url", u, "--csv", csvPath}, exitUsage, "--template"},
		{"no csv", []string{"bulk", "--url", u, "--template", bulkTemplate}, exitUsage, "--csv"},
		{"missing csv", []string{"bulk", "--url", u, "--template", bulkTemplate, "--csv", "/nonexistent.csv"}, exitUsage, "cannot open"},
		{"bad rate", []string{"bulk", "--url", u, "--template", bulkTemplate, "--csv", csvPath, "--rate", "0"}, exitUsage, "--rate"},
		{"resume without journal", []string{"bulk", "--url", u, "--template", bulkTemplate, "--csv", csvPath, "--resume"}, exitUsage, "--journal"},
		{"resume of nothing", []string{"bulk", "--url", u, "--template", bulkTemplate, "--csv", csvPath, "--resume",
			"--journal", filepath.Join(t.TempDir(), "none.jsonl")}, exitUsage, "does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := smskit(t, nil, tt.args...)
			assert.Equal(t, tt.code, r.code, r.stderr)
			assert.Contains(t, r.stderr, tt.says)
		})
	}
}

func TestBulkBadCSV(t *testing.T) {
	srv := bulkEmulator(t)
	u := aliyunURL(srv, aliyuntest.TestAccessKeySecret)
	dir := t.TempDir()
	noNumber := filepath.Join(dir, "a.csv")
	require.NoError(t, os.WriteFile(noNumber, []byte("phone,name\n+8613900000001,x\n"), 0o600))
	r := smskit(t, nil, "bulk", "--url", u, "--template", bulkTemplate, "--csv", noNumber)
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, `"number"`)

	badRow := filepath.Join(dir, "b.csv")
	require.NoError(t, os.WriteFile(badRow, []byte("number,name,order\n+8613900000001,x,1\n+8613900000002,secret-value\n"), 0o600))
	r = smskit(t, nil, "bulk", "--url", u, "--template", bulkTemplate, "--csv", badRow, "--no-batch", "--concurrency", "1", "--json")
	assert.Equal(t, exitUsage, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stdout, "row 3")
	r.hides(t, "secret-value", "13900000002")
}

func TestBulkSignColumn(t *testing.T) {
	srv := aliyuntest.NewServer(aliyuntest.Options{
		Limits:    aliyuntest.Limits{Disabled: true},
		Signs:     []string{aliyunSign, "另一个签名"},
		Templates: map[string]aliyuntest.Template{bulkTemplate: {Text: "${name}，订单${order}已发货"}},
	})
	t.Cleanup(srv.Close)
	p := filepath.Join(t.TempDir(), "s.csv")
	require.NoError(t, os.WriteFile(p, []byte("number,brand,name,order\n+8613900000001,另一个签名,a,1\n+8613900000002,,b,2\n"), 0o600))
	r := smskit(t, nil, "bulk", "--url", aliyunURL(srv, aliyuntest.TestAccessKeySecret), "--template", bulkTemplate,
		"--csv", p, "--sign-column", "brand", "--json")
	require.Equal(t, exitOK, r.code, r.stdout+r.stderr)
	m1, _ := srv.LastMessageTo("+8613900000001")
	m2, _ := srv.LastMessageTo("+8613900000002")
	assert.Equal(t, "另一个签名", m1.SignName)
	assert.Equal(t, aliyunSign, m2.SignName, "an empty cell: the URL's sign")
	assert.Equal(t, map[string]string{"name": "a", "order": "1"}, m1.Params)

	r = smskit(t, nil, "bulk", "--url", aliyunURL(srv, aliyuntest.TestAccessKeySecret), "--template", bulkTemplate,
		"--csv", p, "--sign-column", "nope")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "--sign-column")
}
