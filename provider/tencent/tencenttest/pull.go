package tencenttest

import (
	"strings"
	"time"
)

// maxPull is the largest Limit of a status pull.
const maxPull = 100

// receipt is a delivery receipt.
type receipt struct {
	UserReceiveTime string
	PhoneNumber     string
	SerialNo        string
	ReportStatus    string
	Description     string
	SessionContext  string
	at              time.Time
}

// fields returns r as Tencent's PullSmsSendStatus entry.
func (r receipt) fields() map[string]any {
	cc, sub := "", r.PhoneNumber
	if rest, ok := strings.CutPrefix(r.PhoneNumber, "+86"); ok {
		cc, sub = "86", rest
	}
	return map[string]any{"UserReceiveTime": r.UserReceiveTime, "CountryCode": cc, "SubscriberNumber": sub,
		"PhoneNumber": r.PhoneNumber, "SerialNo": r.SerialNo, "ReportStatus": r.ReportStatus,
		"Description": r.Description, "SessionContext": r.SessionContext}
}

// pullStatus handles PullSmsSendStatus: it pops up to Limit receipts.
func (s *Server) pullStatus(body []byte) (map[string]any, string, string) {
	var req struct {
		Limit       uint64 `json:"Limit"`
		SmsSdkAppID string `json:"SmsSdkAppId"`
	}
	if err := strictJSON(body, &req); err != nil {
		return nil, "FailedOperation.JsonParseFail", "request body is not valid JSON"
	}
	switch {
	case req.SmsSdkAppID != s.opts.SmsSdkAppID:
		return nil, "UnauthorizedOperation.SmsSdkAppIdVerifyFail", "SmsSdkAppId does not belong to this SecretId"
	case req.Limit == 0 || req.Limit > maxPull:
		return nil, "InvalidParameterValue.LimitVerifyFail", "Limit is not 1 to 100"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n := min(int(req.Limit), len(s.queue))
	set := make([]map[string]any, n)
	for i, r := range s.queue[:n] {
		set[i] = r.fields()
	}
	s.queue = s.queue[n:]
	return map[string]any{"PullSmsSendStatusSet": set}, "", ""
}

// pullStatusByPhoneNumber handles PullSmsSendStatusByPhoneNumber: the
// receipts of one number between BeginTime and EndTime (Unix seconds).
func (s *Server) pullStatusByPhoneNumber(body []byte) (map[string]any, string, string) {
	var req struct {
		BeginTime   int64  `json:"BeginTime"`
		EndTime     int64  `json:"EndTime"`
		Offset      uint64 `json:"Offset"`
		Limit       uint64 `json:"Limit"`
		PhoneNumber string `json:"PhoneNumber"`
		SmsSdkAppID string `json:"SmsSdkAppId"`
	}
	if err := strictJSON(body, &req); err != nil {
		return nil, "FailedOperation.JsonParseFail", "request body is not valid JSON"
	}
	switch {
	case req.SmsSdkAppID != s.opts.SmsSdkAppID:
		return nil, "UnauthorizedOperation.SmsSdkAppIdVerifyFail", "SmsSdkAppId does not belong to this SecretId"
	case req.Limit == 0 || req.Limit > maxPull:
		return nil, "InvalidParameterValue.LimitVerifyFail", "Limit is not 1 to 100"
	case req.BeginTime <= 0:
		return nil, "InvalidParameterValue.BeginTimeVerifyFail", "BeginTime is missing"
	case req.EndTime != 0 && req.EndTime < req.BeginTime:
		return nil, "InvalidParameterValue.EndTimeVerifyFail", "EndTime is before BeginTime"
	}
	number := normalize(req.PhoneNumber)
	s.mu.Lock()
	defer s.mu.Unlock()
	var set []map[string]any
	skipped := uint64(0)
	for _, r := range s.receipts {
		if r.PhoneNumber != number || r.at.Unix() < req.BeginTime || (req.EndTime != 0 && r.at.Unix() > req.EndTime) {
			continue
		}
		if skipped < req.Offset {
			skipped++
			continue
		}
		if len(set) == int(req.Limit) {
			break
		}
		set = append(set, r.fields())
	}
	if set == nil {
		set = []map[string]any{}
	}
	return map[string]any{"PullSmsSendStatusSet": set}, "", ""
}
