package alidayu_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/alidayu"
	"github.com/smskit/sms/provider/alidayu/alidayutest"
)

// leaks lists what must not appear in any error text of a send of
// codeMessage("+8613800138000") with the test secret.
var leaks = []string{alidayutest.TestAppSecret, "13800138000", "0013 8000", "482915", "ref-1"}

func assertClean(t *testing.T, err error) {
	t.Helper()
	require.Error(t, err)
	for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
		for _, l := range leaks {
			assert.NotContains(t, text, l)
		}
	}
}

// TestProviderTextRedacted: a sub_msg, sub_code or request_id that echoes
// the request is not quoted.
func TestProviderTextRedacted(t *testing.T) {
	tests := []struct {
		name  string
		fault alidayutest.Fault
		kept  string
	}{
		{"number in sub_msg", alidayutest.Fault{SubCode: "isv.MOBILE_NUMBER_ILLEGAL", Message: "号码13800138000非法"}, ""},
		{"code in sub_msg", alidayutest.Fault{SubCode: "isv.INVALID_PARAMETERS", Message: "param 482915 bad"}, ""},
		{"secret in sub_msg", alidayutest.Fault{SubCode: "isv.INVALID_PARAMETERS", Message: "secret " + alidayutest.TestAppSecret}, ""},
		{"reference in sub_msg", alidayutest.Fault{SubCode: "isv.INVALID_PARAMETERS", Message: "extend ref-1"}, ""},
		{"query in sub_msg", alidayutest.Fault{SubCode: "isv.INVALID_PARAMETERS", Message: "rec_num=x&y"}, ""},
		{"plain sub_msg kept", alidayutest.Fault{SubCode: "isv.INVALID_PARAMETERS", Message: "参数异常"}, "参数异常"},
		{"number in sub_code", alidayutest.Fault{SubCode: "isv.X13800138000", Message: "x"}, ""},
		{"number in body", alidayutest.Fault{Status: 500, Body: `{"error":"13800138000 482915 ` + alidayutest.TestAppSecret + `"}`}, ""},
		{"request id echoing the number", alidayutest.Fault{Status: 200,
			Body: `{"error_response":{"code":15,"sub_code":"isv.AMOUNT_NOT_ENOUGH","request_id":"ab13800138000"}}`}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, s := newPair(t, alidayutest.Options{}, nil)
			srv.QueueFault(tt.fault)
			_, err := s.Send(context.Background(), codeMessage("+8613800138000"))
			assertClean(t, err)
			if tt.kept != "" {
				assert.Contains(t, err.Error(), tt.kept)
			}
			e, _ := errors.AsType[*sms.Error](err)
			assert.NotContains(t, e.RequestID, "138")
		})
	}
}

// echoTransport fails every request with an error quoting its body, which
// holds the sign, the number and the params.
type echoTransport struct{ sign string }

func (e *echoTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	b, _ := io.ReadAll(r.Body)
	for _, kv := range strings.Split(string(b), "&") {
		if v, ok := strings.CutPrefix(kv, "sign="); ok {
			e.sign = v
		}
	}
	return nil, fmt.Errorf("dial failed for %s", b)
}

func TestTransportErrorRedacted(t *testing.T) {
	tr := &echoTransport{}
	_, s := newPair(t, alidayutest.Options{}, func(o *alidayu.Options) { o.Transport = tr })
	_, err := s.Send(context.Background(), codeMessage("+8613800138000"))
	assertClean(t, err)
	require.Len(t, tr.sign, 32)
	assert.NotContains(t, err.Error(), tr.sign[:8])
	e, _ := errors.AsType[*sms.Error](err)
	assert.Equal(t, sms.Unavailable, e.Code)
	assert.True(t, e.NotAccepted, "no connection: nothing was written")
}

func TestSenderPrintsNoSecret(t *testing.T) {
	_, s := newPair(t, alidayutest.Options{}, nil)
	hexSecret := fmt.Sprintf("%x", alidayutest.TestAppSecret)
	for _, f := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"} {
		for _, v := range []any{s, *s} {
			out := strings.ToLower(fmt.Sprintf(f, v))
			assert.NotContains(t, out, strings.ToLower(alidayutest.TestAppSecret), f)
			assert.NotContains(t, out, hexSecret, f)
		}
	}
}
