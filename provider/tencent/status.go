package tencent

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"github.com/smskit/sms"
)

// chinaTime is the zone of Tencent's receipt times.
var chinaTime = time.FixedZone("CST", 8*60*60)

// statusWindow is how far around StatusQuery.SentAt (or now) Status
// searches for receipts.
const statusWindow = 24 * time.Hour

// maxReceipts is how many receipts one status query reads (Tencent's
// maximum Limit).
const maxReceipts = 100

// receipt is one delivery receipt of a PullSmsSendStatusByPhoneNumber
// answer.
type receipt struct {
	UserReceiveTime string `json:"UserReceiveTime"`
	PhoneNumber     string `json:"PhoneNumber"`
	SerialNo        string `json:"SerialNo"`
	ReportStatus    string `json:"ReportStatus"`
	Description     string `json:"Description"`
}

// statusAnswer is a PullSmsSendStatusByPhoneNumber answer.
type statusAnswer struct {
	Response struct {
		Error                *apiError `json:"Error"`
		RequestID            string    `json:"RequestId"`
		PullSmsSendStatusSet []receipt `json:"PullSmsSendStatusSet"`
	} `json:"Response"`
}

// Status implements sms.StatusChecker with PullSmsSendStatusByPhoneNumber:
// it reads the receipts of q.To from a day before q.SentAt (zero: now) to a
// day after, and finds the one of q.MessageID (the SerialNo). Tencent keeps
// only receipts, so a message whose receipt has not come yet is
// sms.StateNotFound, as is an unknown id. ReportStatus SUCCESS is
// StateDelivered, FAIL StateFailed; ProviderCode is the ReportStatus.
// (PullSmsSendStatus, which pops the application's receipt queue, is not
// used: it would take other messages' receipts from their readers.)
func (s *Sender) Status(ctx context.Context, q sms.StatusQuery) (sms.Status, error) {
	if err := sms.CheckContext(ctx); err != nil {
		return sms.Status{}, sms.WithProvider(err, Name)
	}
	if len(q.To) > sms.MaxRecipientLength {
		return sms.Status{}, invalid(sms.ErrInvalidNumber, "recipient is longer than "+
			strconv.Itoa(sms.MaxRecipientLength)+" bytes")
	}
	phone, err := sms.ParsePhone(q.To, s.settings.DefaultRegion)
	if err != nil {
		return sms.Status{}, sms.WithProvider(err, Name)
	}
	if q.MessageID == "" || !serialPattern.MatchString(q.MessageID) {
		return sms.Status{}, invalid(nil, "status query without a message id of Tencent's form (a SerialNo)")
	}
	at := q.SentAt
	if at.IsZero() {
		at = s.settings.Now()
	}
	params := map[string]any{
		"PhoneNumber": phone.E164(),
		"SmsSdkAppId": s.settings.SmsSdkAppID,
		"BeginTime":   at.Add(-statusWindow).Unix(),
		"EndTime":     at.Add(statusWindow).Unix(),
		"Offset":      0,
		"Limit":       maxReceipts,
	}
	c := s.do(ctx, "PullSmsSendStatusByPhoneNumber", params)
	sec := callSecrets{cred: s.cred(), c: c, to: phone}
	if c.status == 0 {
		return sms.Status{}, failure(ctx, c, sec.list())
	}
	var a statusAnswer
	decoded := json.Unmarshal(c.body, &a) == nil
	r := a.Response
	if err := errorOf(c.status, r.Error, r.RequestID, decoded, sec.list()); err != nil {
		err.NotAccepted = true // a status query sends nothing
		return sms.Status{}, err
	}
	st := sms.Status{Provider: Name, MessageID: q.MessageID, State: sms.StateNotFound}
	for _, rc := range r.PullSmsSendStatusSet {
		if rc.SerialNo != q.MessageID {
			continue
		}
		st.ProviderCode = safeCode(rc.ReportStatus, sec.list())
		switch rc.ReportStatus {
		case "SUCCESS":
			st.State = sms.StateDelivered
		case "FAIL":
			st.State = sms.StateFailed
		default:
			st.State = sms.StateUnknown
		}
		if t, err := time.ParseInLocation(time.DateTime, rc.UserReceiveTime, chinaTime); err == nil {
			st.DoneAt = t
		}
		return st, nil
	}
	return st, nil
}
