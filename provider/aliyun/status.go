package aliyun

import (
	"context"
	"strconv"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/dysmsapi"
	"github.com/smskit/sms"
)

// chinaTime is the zone of Aliyun's dates (UTC+8, no daylight saving).
var chinaTime = time.FixedZone("CST", 8*60*60)

// The SendStatus values of QuerySendDetails.
const (
	sendStatusWaiting   = 1
	sendStatusFailed    = 2
	sendStatusDelivered = 3
)

// Status implements sms.StatusChecker with QuerySendDetails: it looks up the
// message q.MessageID (the BizId) sent to q.To on the day of q.SentAt in
// China time (today when zero). Waiting for a receipt is StatePending,
// SendStatus 2 StateFailed and 3 StateDelivered; no record is
// StateNotFound. Status.ProviderCode is Aliyun's ErrCode ("DELIVERED" or
// the carrier's error), and the times are Aliyun's SendDate and ReceiveDate.
//
// q.To is refused, before any request, when Aliyun would read it as another
// number (see ErrAmbiguousNumber): the query would return a stranger's
// messages. Failures are *sms.Error values classified as for Send.
func (s *Sender) Status(ctx context.Context, q sms.StatusQuery) (sms.Status, error) {
	if ctx == nil {
		return sms.Status{}, invalid(sms.ErrNilContext, "nil context.Context: pass context.Background() or a request's context")
	}
	if err := ctx.Err(); err != nil {
		return sms.Status{}, withProvider(sms.ContextError(err, true))
	}
	if len(q.To) > sms.MaxRecipientLength {
		return sms.Status{}, invalid(sms.ErrInvalidNumber, "recipient is longer than "+
			strconv.Itoa(sms.MaxRecipientLength)+" bytes")
	}
	phone, err := sms.ParsePhone(q.To, "")
	if err != nil {
		return sms.Status{}, withProvider(err)
	}
	// A number Aliyun reads as another would query a stranger's messages.
	number, nerr := aliyunNumber(phone)
	if nerr != nil {
		return sms.Status{}, nerr
	}
	if q.MessageID == "" || !isBizID(q.MessageID) {
		return sms.Status{}, invalid(nil, "status query without a message id of Aliyun's form (a BizId)")
	}
	day := q.SentAt
	if day.IsZero() {
		day = s.settings.Now()
	}

	a := action{name: "QuerySendDetails"}
	a.add("PhoneNumber", number)
	a.add("BizId", q.MessageID)
	a.add("SendDate", day.In(chinaTime).Format("20060102"))
	a.add("PageSize", "10")
	a.add("CurrentPage", "1")
	resp := dysmsapi.CreateQuerySendDetailsResponse()
	c, err := s.do(ctx, &a, resp)
	if err != nil {
		return sms.Status{}, err
	}
	sec := callSecrets{c: c, to: phone, creds: s.creds}
	if !answered(resp.BaseResponse) {
		return sms.Status{}, failure(ctx, c, sec.list())
	}
	if err := readAnswer(resp.BaseResponse).failure(sec); err != nil {
		return sms.Status{}, err
	}
	if c.failed() { // Aliyun's answer, but the SDK could not decode its details
		return sms.Status{}, &sms.Error{Code: sms.Unknown, NotAccepted: true, Provider: Name,
			Message: "QuerySendDetails answer with details that cannot be read"}
	}

	st := sms.Status{Provider: Name, MessageID: q.MessageID, State: sms.StateNotFound}
	details := resp.SmsSendDetailDTOs.SmsSendDetailDTO
	if len(details) == 0 {
		return st, nil
	}
	d := details[0]
	st.ProviderCode = d.ErrCode
	st.SentAt = parseChinaTime(d.SendDate)
	switch d.SendStatus {
	case sendStatusWaiting:
		st.State = sms.StatePending
	case sendStatusFailed:
		st.State = sms.StateFailed
		st.DoneAt = parseChinaTime(d.ReceiveDate)
	case sendStatusDelivered:
		st.State = sms.StateDelivered
		st.DoneAt = parseChinaTime(d.ReceiveDate)
	default:
		st.State = sms.StateUnknown
	}
	return st, nil
}

// parseChinaTime parses Aliyun's "2006-01-02 15:04:05" in China time; an
// empty or malformed date is the zero time.
func parseChinaTime(s string) time.Time {
	t, err := time.ParseInLocation(time.DateTime, s, chinaTime)
	if err != nil {
		return time.Time{}
	}
	return t
}
