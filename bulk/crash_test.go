package bulk_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/bulk"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The crash test's run: crashRecipients notices in batches of crashBatch.
const (
	crashRecipients = 20_000
	crashBatch      = 10
	crashTemplate   = "SMS_200000001"
	crashText       = "尊敬的客户，您的订单${n}已发货"
	envURL          = "BULK_CRASH_URL"
	envJournal      = "BULK_CRASH_JOURNAL"
)

// crashSender is an aliyun Sender for the emulator at url.
func crashSender(t testing.TB, url string) *aliyun.Sender {
	s, err := aliyun.New(aliyun.Options{
		AccessKeyID:     aliyuntest.TestAccessKeyID,
		AccessKeySecret: aliyuntest.TestAccessKeySecret,
		Endpoint:        url,
		SignName:        aliyuntest.DefaultSignName,
		Templates: []sms.Template{{Name: "notice", Kind: sms.KindNotification, Text: crashText,
			Codes: map[string]string{aliyun.Name: crashTemplate}}},
	})
	require.NoError(t, err)
	return s
}

// crashRun sends the crash test's recipients through s with journal path.
func crashRun(t testing.TB, s sms.Sender, path string) bulk.Progress {
	j, err := bulk.OpenJournal(path, bulk.JournalOptions{Key: testKey})
	require.NoError(t, err)
	defer j.Close()
	o := fastOptions()
	o.CallsPerSecond = 5000
	o.Burst = 10
	o.BatchSize = crashBatch
	o.Concurrency = 8
	o.Journal = j
	sum, err := bulk.Send(context.Background(), s, numbers(crashRecipients), o)
	require.NoError(t, err)
	return sum
}

// TestCrashChild is the child process of TestCrashResume: it does nothing
// unless started by it.
func TestCrashChild(t *testing.T) {
	url := os.Getenv(envURL)
	if url == "" {
		return // not the child
	}
	crashRun(t, crashSender(t, url), os.Getenv(envJournal))
}

// TestCrashResume kills a run with SIGKILL at a random moment and resumes
// it: every recipient is accepted exactly once, except those the journal
// records as possibly accepted, which are not sent again.
func TestCrashResume(t *testing.T) {
	srv := aliyuntest.NewServer(aliyuntest.Options{
		Limits:      aliyuntest.Limits{Disabled: true},
		MaxMessages: 2 * crashRecipients,
		Templates:   map[string]aliyuntest.Template{crashTemplate: {Text: crashText}},
	})
	defer srv.Close()
	path := filepath.Join(t.TempDir(), "run.jsonl")
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 0))
	target := 200 + rng.IntN(2*crashRecipients-400) // journal lines when killed
	t.Logf("seed %d: kill after %d journal lines", seed, target)

	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), envURL+"="+srv.URL, envJournal+"="+path)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	require.NoError(t, cmd.Start())
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	killed := false
	lines, buf := 0, make([]byte, 64<<10)
	var jf *os.File
poll:
	for {
		select {
		case err := <-exited:
			t.Fatalf("the child ended before the kill (%v): %s", err, out.String())
		default:
		}
		if jf == nil {
			jf, _ = os.Open(path) // once the child created it
		}
		for jf != nil { // count the lines written since the last look
			n, _ := jf.Read(buf)
			if n == 0 {
				break
			}
			lines += bytes.Count(buf[:n], []byte{'\n'})
		}
		if lines >= target {
			require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
			killed = true
			break poll
		}
		time.Sleep(200 * time.Microsecond) // polling the child, not waiting for time to pass
	}
	if jf != nil {
		jf.Close()
	}
	err := <-exited
	require.True(t, killed)
	require.Error(t, err, "killed")
	before := srv.RequestCounts()["SendBatchSms"]

	// What the journal says after the crash.
	j, err := bulk.OpenJournal(path, bulk.JournalOptions{Key: testKey})
	require.NoError(t, err)
	possibly := map[string]bool{}
	counts := j.Counts()
	for r := range numbers(crashRecipients) {
		if j.Lookup("notice", r.To) == bulk.PossiblyAccepted {
			possibly[r.To] = true
		}
	}
	require.NoError(t, j.Close())
	t.Logf("after the kill: %d calls, journal %v, %d possibly accepted", before, counts, len(possibly))

	s := crashSender(t, srv.URL)
	defer s.CloseIdleConnections()
	sum := crashRun(t, s, path)
	assert.Equal(t, int64(crashRecipients), sum.Sent()+sum.Skipped)
	assert.Zero(t, sum.NotAccepted+sum.PossiblyAccepted, "the emulator accepts everything")

	acceptedPossibly := 0
	for r := range numbers(crashRecipients) {
		n := len(srv.MessagesTo(r.To))
		if possibly[r.To] {
			require.LessOrEqual(t, n, 1, "a possibly accepted recipient was sent again")
			acceptedPossibly += n
			continue
		}
		require.Equal(t, 1, n, "recipient %s", sms.MaskPhone(r.To))
	}
	t.Logf("resumed: %d sent; of %d possibly accepted, %d had been accepted", sum.Sent(), len(possibly), acceptedPossibly)
}
