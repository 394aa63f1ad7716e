package aliyun

import (
	"context"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
)

// okWithBizID is an accepted SendSms answer.
const okWithBizID = `{"Code":"OK","BizId":"900619746936498440^0","RequestId":"F655A8D5-B967-440B-8683-DAD6FF8DE990"}`

// sizedServer answers every request with status and the body head followed
// by spaces up to size bytes (JSON white space: the answer stays valid),
// with a Content-Length or, when chunked, without one. answers counts the
// requests.
func sizedServer(t *testing.T, status int, head string, size int, chunked bool, answers *atomic.Int32) *httptest.Server {
	t.Helper()
	spaces := []byte(strings.Repeat(" ", 64<<10))
	h := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		answers.Add(1)
		if !chunked {
			w.Header().Set("Content-Length", strconv.Itoa(size))
		}
		w.WriteHeader(status)
		if _, err := w.Write([]byte(head)); err != nil {
			return
		}
		for left := size - len(head); left > 0; left -= len(spaces) {
			if _, err := w.Write(spaces[:min(left, len(spaces))]); err != nil {
				return // the client stopped reading
			}
		}
	}))
	t.Cleanup(h.Close)
	return h
}

// sizedSender is a Sender to h, over its own transport or over one given
// in Options.Transport.
func sizedSender(t *testing.T, h *httptest.Server, given bool) *Sender {
	t.Helper()
	o := Options{AccessKeyID: "LTAIkeyid", AccessKeySecret: "secret", SignName: "sign", Endpoint: h.URL}
	if given {
		tr := &http.Transport{}
		t.Cleanup(tr.CloseIdleConnections)
		o.Transport = tr
	}
	s, err := New(o)
	require.NoError(t, err)
	t.Cleanup(s.CloseIdleConnections)
	return s
}

// TestAnswerSizeIsCapped: an answer's body of up to maxAnswerBytes is read;
// a longer one, with or without a Content-Length, is not, and fails the
// send as Unknown, possibly accepted, even when it is a valid "OK" answer
// (Aliyun's answers are a few hundred bytes).
func TestAnswerSizeIsCapped(t *testing.T) {
	errorAnswer := `{"Code":"isv.MOBILE_NUMBER_ILLEGAL","Message":"x","RequestId":"F655A8D5-B967-440B-8683-DAD6FF8DE990"}`
	for _, tt := range []struct {
		name   string
		status int
		head   string
		size   int
		want   sms.Code // sms.OK for success
	}{
		{"OK of 64 KiB", 200, okWithBizID, maxAnswerBytes, sms.OK},
		{"OK of 64 KiB + 1", 200, okWithBizID, maxAnswerBytes + 1, sms.Unknown},
		{"OK of 1 MiB", 200, okWithBizID, 1 << 20, sms.Unknown},
		{"error of 64 KiB", 400, errorAnswer, maxAnswerBytes, sms.InvalidArgument},
		{"error of 64 KiB + 1", 400, errorAnswer, maxAnswerBytes + 1, sms.Unknown},
		{"5xx of 64 KiB + 1", 503, "<html>", maxAnswerBytes + 1, sms.Unknown},
	} {
		for _, chunked := range []bool{false, true} {
			for _, given := range []bool{false, true} {
				t.Run(tt.name+"/chunked="+strconv.FormatBool(chunked)+"/Options.Transport="+strconv.FormatBool(given), func(t *testing.T) {
					var answers atomic.Int32
					s := sizedSender(t, sizedServer(t, tt.status, tt.head, tt.size, chunked, &answers), given)
					res, err := s.Send(context.Background(), testMessage)
					assert.Equal(t, int32(1), answers.Load())
					if tt.want == sms.OK {
						require.NoError(t, err)
						assert.Equal(t, "900619746936498440^0", res.MessageID)
						return
					}
					require.Error(t, err)
					assert.Zero(t, res)
					e, ok := err.(*sms.Error)
					require.True(t, ok, "%T", err)
					assert.Equal(t, tt.want, e.Code, err.Error())
					if tt.want == sms.Unknown {
						assert.False(t, e.NotAccepted, "may have been accepted")
						assert.Contains(t, err.Error(), "longer than 64 KiB")
						assert.Empty(t, e.ProviderCode)
						assert.Empty(t, e.RequestID)
						assert.False(t, sms.IsRetryable(err))
					}
				})
			}
		}
	}
}

// TestHugeAnswerCostsLittleMemory: an answer of 64 MB costs a send well
// under 1 MB of memory (the SDK used to read all of it, and copy it).
func TestHugeAnswerCostsLittleMemory(t *testing.T) {
	const huge = 64 << 20
	for _, chunked := range []bool{false, true} {
		for _, given := range []bool{false, true} {
			t.Run("chunked="+strconv.FormatBool(chunked)+"/Options.Transport="+strconv.FormatBool(given), func(t *testing.T) {
				var answers atomic.Int32
				s := sizedSender(t, sizedServer(t, 200, okWithBizID, huge, chunked, &answers), given)
				// A first send sets up the worker and its SDK client.
				_, err := s.Send(context.Background(), testMessage)
				require.Error(t, err)
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				_, err = s.Send(context.Background(), testMessage)
				runtime.ReadMemStats(&after)
				e := requireError(t, err)
				assert.Equal(t, sms.Unknown, e.Code)
				assert.False(t, e.NotAccepted)
				allocated := after.TotalAlloc - before.TotalAlloc
				t.Logf("allocated %d bytes", allocated)
				assert.Less(t, allocated, uint64(1<<20), "bytes allocated by one send of a 64 MB answer")
				assert.Equal(t, int32(2), answers.Load())
			})
		}
	}
}

// requireError returns err as an *sms.Error.
func requireError(t *testing.T, err error) *sms.Error {
	t.Helper()
	require.Error(t, err)
	e, ok := err.(*sms.Error)
	require.True(t, ok, "%T: %v", err, err)
	return e
}

// TestStatusAnswerSizeIsCapped: Status reads no more of an answer either.
func TestStatusAnswerSizeIsCapped(t *testing.T) {
	head := `{"Code":"OK","RequestId":"F655A8D5-B967-440B-8683-DAD6FF8DE990","SmsSendDetailDTOs":{"SmsSendDetailDTO":[]}}`
	for _, size := range []int{maxAnswerBytes, maxAnswerBytes + 1} {
		var answers atomic.Int32
		s := sizedSender(t, sizedServer(t, 200, head, size, true, &answers), false)
		st, err := s.Status(context.Background(), sms.StatusQuery{To: "+8613800138000", MessageID: "900619746936498440^0"})
		if size == maxAnswerBytes {
			require.NoError(t, err)
			assert.Equal(t, sms.StateNotFound, st.State)
			continue
		}
		e := requireError(t, err)
		assert.Equal(t, sms.Unknown, e.Code)
		assert.Contains(t, err.Error(), "longer than 64 KiB")
	}
}
