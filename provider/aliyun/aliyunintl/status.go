package aliyunintl

import (
	"context"
	"net/http"
	"regexp"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/dysmsapi"
	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun/internal/hosted"
)

var _ sms.StatusChecker = (*Sender)(nil)

// The Status values of QueryMessage
// (https://help.aliyun.com/en/sms/developer-reference/api-dysmsapi-2018-05-01-querymessage):
// 1 sent (delivered), 2 failed, 3 being sent.
const (
	queryDelivered = "1"
	queryFailed    = "2"
	querySending   = "3"
)

// queryDateLayout is the form of SendDate and ReceiveDate in Aliyun's
// documentation ("Mon, 24 Dec 2018 16:58:22 +0800").
const queryDateLayout = time.RFC1123Z

// errorCodePattern is the form of a delivery ErrorCode this package shows:
// letters, digits and ":._-", with no run of digits long enough to be part
// of a number.
var errorCodePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9:._-]{0,31}$`)

// Status implements sms.StatusChecker with QueryMessage: the status of the
// message q.MessageID (Aliyun's MessageId; q.To and q.SentAt are not
// needed). Status 1 is StateDelivered, 2 StateFailed, 3 StatePending, and
// an answer without a Status StateNotFound. ProviderCode is Aliyun's
// ErrorCode when it has the form of a code; SentAt and DoneAt are SendDate
// and ReceiveDate. Failures are *sms.Error values classified as for Send.
func (s *Sender) Status(ctx context.Context, q sms.StatusQuery) (sms.Status, error) {
	if err := sms.CheckContext(ctx); err != nil {
		return sms.Status{}, sms.WithProvider(err, Name)
	}
	if !messageIDForm(q.MessageID) {
		return sms.Status{}, invalid(nil, "status query without a message id of Aliyun's form (a MessageId, digits)")
	}
	var sec hosted.Secrets
	if p, err := sms.ParsePhone(q.To, ""); err == nil {
		sec.To = p
	}
	r := dysmsapi.CreateQueryMessageRequest()
	r.MessageId = q.MessageID
	resp := dysmsapi.CreateQueryMessageResponse()
	ans, e := s.client.Do(ctx, r, resp, resp.BaseResponse, func() (string, string) {
		return resp.ResponseCode, resp.RequestId
	}, sec, nil)
	if e != nil {
		if code := resp.ResponseCode; e.Code == sms.Unknown && resp.GetHttpStatus() == http.StatusOK && code != "" && code != codeOK {
			return sms.Status{}, refusal(code, ans)
		}
		return sms.Status{}, own(e)
	}
	st := sms.Status{Provider: Name, MessageID: q.MessageID}
	if !ans.Decoded {
		return st, nil // StateUnknown: the answer could not be read
	}
	switch resp.Status {
	case queryDelivered:
		st.State = sms.StateDelivered
	case queryFailed:
		st.State = sms.StateFailed
	case querySending:
		st.State = sms.StatePending
	case "":
		st.State = sms.StateNotFound
	}
	if errorCodePattern.MatchString(resp.ErrorCode) && !ans.Secrets.In(resp.ErrorCode) {
		st.ProviderCode = resp.ErrorCode
	}
	if t, err := time.Parse(queryDateLayout, resp.SendDate); err == nil {
		st.SentAt = t
	}
	if t, err := time.Parse(queryDateLayout, resp.ReceiveDate); err == nil && st.State.Final() {
		st.DoneAt = t
	}
	return st, nil
}
