package ledger

import (
	"strings"
	"time"
)

// PartnerKind says what sort of organisation a partner is. It is free text
// within a known list so statements can group partners.
type PartnerKind string

// Partner kinds.
const (
	KindMunicipality       PartnerKind = "municipality"
	KindHealthInsurer      PartnerKind = "health_insurer"
	KindHousingCorporation PartnerKind = "housing_corporation"
	KindCharity            PartnerKind = "charity"
	KindOther              PartnerKind = "other"
)

// PartnerKinds lists the valid partner kinds.
var PartnerKinds = []PartnerKind{KindMunicipality, KindHealthInsurer, KindHousingCorporation, KindCharity, KindOther}

// Partner is an organisation that puts money into one or more pots.
type Partner struct {
	ID        PartnerID   `json:"id"`
	Name      string      `json:"name"`
	Kind      PartnerKind `json:"kind"`
	CreatedAt time.Time   `json:"createdAt"`
}

// NewPartner is what an admin gives to register a partner.
type NewPartner struct {
	Name           string
	Kind           PartnerKind
	IdempotencyKey string
}

// Validate checks the request.
func (n *NewPartner) Validate() error {
	var fe fieldErrors
	n.Name = strings.TrimSpace(n.Name)
	fe.checkName("name", n.Name, 1, 120)
	ok := false
	for _, k := range PartnerKinds {
		ok = ok || n.Kind == k
	}
	if !ok {
		fe.add("kind", msgNotAPartnerKind, Quoted(n.Kind))
	}
	return fe.err(nounPartner)
}

// Pledge is what a partner has promised to put into a pot.
type Pledge struct {
	PotID          PotID
	PartnerID      PartnerID
	Amount         Cents
	IdempotencyKey string
}

// Validate checks the pledge.
func (p *Pledge) Validate() error {
	var fe fieldErrors
	if p.Amount < 0 || p.Amount > MaxAmount {
		fe.add("amount", msgPledgeRange, MaxAmount)
	}
	return fe.err(nounPledge)
}

// Funding is one partner's money in one pot: pledged and received so far.
type Funding struct {
	PotID       PotID       `json:"potId"`
	PartnerID   PartnerID   `json:"partnerId"`
	PartnerName string      `json:"partnerName"`
	PartnerKind PartnerKind `json:"partnerKind"`
	Pledged     Cents       `json:"pledged"`
	Received    Cents       `json:"received"`
}

// Contribution is money a partner has put into a pot.
type Contribution struct {
	ID         ContributionID `json:"id"`
	PotID      PotID          `json:"potId"`
	PartnerID  PartnerID      `json:"partnerId"`
	Amount     Cents          `json:"amount"`
	ValueDate  Date           `json:"valueDate"`
	Reference  string         `json:"reference"`
	RecordedBy string         `json:"recordedBy"`
	RecordedAt time.Time      `json:"recordedAt"`
	// JournalSeq is the journal transaction that booked it.
	JournalSeq int64 `json:"journalSeq"`
}

// NewContribution is what finance records when a partner's money arrives.
type NewContribution struct {
	PotID          PotID
	PartnerID      PartnerID
	Amount         Cents
	ValueDate      Date
	Reference      string
	IdempotencyKey string
}

// Validate checks the contribution; today is the current date, since money
// cannot arrive in the future.
func (n *NewContribution) Validate(today Date) error {
	var fe fieldErrors
	n.Reference = strings.TrimSpace(n.Reference)
	fe.addErr("amount", n.Amount.checkPositive())
	switch {
	case n.ValueDate.IsZero():
		fe.add("valueDate", msgContributionDateRequired)
	case n.ValueDate.After(today):
		from, to := clampRange(FirstDate, today)
		fe.add("valueDate", msgContributionFuture, n.ValueDate, from, to)
	default:
		fe.addErr("valueDate", CheckDateIn(n.ValueDate, FirstDate, today))
	}
	fe.checkName("reference", n.Reference, 1, 140)
	if n.PartnerID == "" {
		fe.add("partnerId", msgPartnerIDRequired)
	}
	return fe.err(nounContribution)
}
