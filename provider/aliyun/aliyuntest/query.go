package aliyuntest

import (
	"encoding/xml"
	"strconv"
	"time"
)

// beijing is the time zone of SendDate and of the dates Aliyun reports.
var beijing = time.FixedZone("CST", 8*60*60)

const (
	sendDateLayout   = "20060102"
	reportDateLayout = "2006-01-02 15:04:05"
	queryDays        = 30
	maxPageSize      = 50
)

// detail is one SmsSendDetailDTO.
type detail struct {
	PhoneNum     string `json:"PhoneNum" xml:"PhoneNum"`
	SendStatus   int    `json:"SendStatus" xml:"SendStatus"`
	ErrCode      string `json:"ErrCode" xml:"ErrCode"`
	TemplateCode string `json:"TemplateCode" xml:"TemplateCode"`
	Content      string `json:"Content" xml:"Content"`
	SendDate     string `json:"SendDate" xml:"SendDate"`
	ReceiveDate  string `json:"ReceiveDate" xml:"ReceiveDate"`
	OutID        string `json:"OutId" xml:"OutId"`
}

// detailList is the SmsSendDetailDTOs element.
type detailList struct {
	SmsSendDetailDTO []detail `json:"SmsSendDetailDTO" xml:"SmsSendDetailDTO"`
}

// queryBody answers QuerySendDetails.
type queryBody struct {
	XMLName           xml.Name   `json:"-" xml:"QuerySendDetailsResponse"`
	RequestID         string     `json:"RequestId" xml:"RequestId"`
	Code              string     `json:"Code" xml:"Code"`
	Message           string     `json:"Message" xml:"Message"`
	TotalCount        int        `json:"TotalCount" xml:"TotalCount"`
	SmsSendDetailDTOs detailList `json:"SmsSendDetailDTOs" xml:"SmsSendDetailDTOs"`
}

// querySendDetails serves QuerySendDetails: the messages sent to one number
// on one Beijing date within the last 30 days, optionally of one BizId,
// in order of acceptance and a page at a time.
func (e *Emulator) querySendDetails(req *incoming) reply {
	p := req.params
	fail := func(err *apiError) reply { return errorReply(err, req.action, req.requestID) }
	for _, name := range []string{"PhoneNumber", "SendDate", "PageSize", "CurrentPage"} {
		if p.Get(name) == "" {
			return fail(missingParameter(name))
		}
	}
	number, ok := parsePhone(p.Get("PhoneNumber"))
	if !ok {
		return fail(businessError(codeMobileNumberIllegal))
	}
	day, err := time.ParseInLocation(sendDateLayout, p.Get("SendDate"), beijing)
	if err != nil {
		return fail(invalidParameters("SendDate"))
	}
	y, m, d := req.now.In(beijing).Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, beijing)
	if day.Before(today.AddDate(0, 0, -(queryDays - 1))) {
		return fail(invalidParameters("SendDate"))
	}
	pageSize, err := strconv.Atoi(p.Get("PageSize"))
	if err != nil || pageSize < 1 || pageSize > maxPageSize {
		return fail(invalidParameters("PageSize"))
	}
	page, err := strconv.Atoi(p.Get("CurrentPage"))
	if err != nil || page < 1 {
		return fail(invalidParameters("CurrentPage"))
	}
	bizID := p.Get("BizId")
	next := day.AddDate(0, 0, 1)

	e.mu.Lock()
	var matched []Message
	for _, s := range e.store.to(number.key) {
		t := s.msg.SendTime
		if t.Before(day) || !t.Before(next) || bizID != "" && s.msg.BizID != bizID {
			continue
		}
		matched = append(matched, s.at(req.now))
	}
	e.mu.Unlock()

	body := queryBody{
		RequestID:         req.requestID,
		Code:              codeOK,
		Message:           messages[codeOK],
		TotalCount:        len(matched),
		SmsSendDetailDTOs: detailList{SmsSendDetailDTO: []detail{}},
	}
	if page-1 <= len(matched)/pageSize { // guards the multiplication
		start := (page - 1) * pageSize
		for i := start; i < len(matched) && i < start+pageSize; i++ {
			body.SmsSendDetailDTOs.SmsSendDetailDTO = append(body.SmsSendDetailDTOs.SmsSendDetailDTO, toDetail(matched[i]))
		}
	}
	return reply{status: 200, body: body}
}

// toDetail reports m as QuerySendDetails does.
func toDetail(m Message) detail {
	d := detail{
		PhoneNum:     phoneKey(m.PhoneNumber),
		SendStatus:   int(m.Status),
		ErrCode:      m.ErrCode,
		TemplateCode: m.TemplateCode,
		Content:      m.Content,
		SendDate:     m.SendTime.In(beijing).Format(reportDateLayout),
		OutID:        m.OutID,
	}
	if !m.ReceiveTime.IsZero() {
		d.ReceiveDate = m.ReceiveTime.In(beijing).Format(reportDateLayout)
	}
	return d
}
