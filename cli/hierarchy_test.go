package cli

import (
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

// Groups and totals in the layouts reports use. Constructed test values;
// every group is the sum of its parts, so no finding is expected.
func TestHierarchies(t *testing.T) {
	cases := []struct {
		name string
		csv  string
		want []string // unit | parent_unit_key | is_total
	}{
		{
			name: "two levels of indentation",
			csv: "Uppföljning 2017, tkr\r\nVerksamhet;Budget;Utfall\r\n" +
				"Myndighet;1 500;1 400\r\n   Barn och unga;1 000;900\r\n      HVB;600;500\r\n      Familjehem;400;400\r\n   Vuxna;500;500\r\nSumma;1 500;1 400\r\n",
			want: []string{"Myndighet||false", "Barn och unga|Myndighet|false", "HVB|Barn och unga|false",
				"Familjehem|Barn och unga|false", "Vuxna|Myndighet|false", "Summa||true"},
		},
		{
			name: "a label group closes at the first row as far out as itself",
			csv: "Uppföljning 2017, tkr\r\nVerksamhet;Budget;Utfall\r\n" +
				"Myndighet\r\n   Barn och unga;1 000;900\r\n   Vuxna;500;500\r\nEkonomiskt bistånd;2 000;2 100\r\nSumma;3 500;3 500\r\n",
			want: []string{"Barn och unga|Myndighet|false", "Vuxna|Myndighet|false", "Ekonomiskt bistånd||false", "Summa||true"},
		},
		{
			name: "a group label right under the header",
			csv: "Uppföljning 2017, tkr\r\nVerksamhet;Budget;Utfall\r\n" +
				"Myndighet\r\n   Barn och unga;1 000;900\r\n   Vuxna;500;500\r\nDelsumma myndighet;1 500;1 400\r\nUtförare\r\n   Boende;300;320\r\nTotalsumma;1 800;1 720\r\n",
			want: []string{"Barn och unga|Myndighet|false", "Vuxna|Myndighet|false", "Delsumma myndighet||true",
				"Boende|Utförare|false", "Totalsumma||true"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, "")
			h.runFile("uppfoljning.csv", c.csv)
			sameLines(t, h.lines(unitLines), c.want)
			if n := h.one(`SELECT count(*) FROM findings`); n != "0" {
				t.Errorf("findings: %v", h.query(`SELECT message FROM findings`))
			}
			// Summing the parts never counts a total or a group twice.
			if n := h.one(`SELECT count(*) FROM budget_deviation b WHERE NOT is_total AND NOT EXISTS
				(SELECT 1 FROM budget_deviation c WHERE c.parent_unit_key = b.unit_key)`); n == "0" {
				t.Error("no leaves")
			}
		})
	}
}

// Excel's alignment indent, which is how people indent in a workbook,
// makes a row a part of the one above just as leading spaces do.
func TestExcelIndent(t *testing.T) {
	h := newHarness(t, "")
	rows := [][]any{
		{"Uppföljning 2017, tkr"},
		{"Verksamhet", "Budget", "Utfall"},
		{"Beställaravdelningar", 1500, 1400},
		{"Barn och unga", 1000, 900},
		{"Vuxen", 500, 500},
		{"Summa", 1500, 1400},
	}
	f := newSheet(t, rows)
	indent, _ := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Indent: 1}})
	f.SetCellStyle("Sheet1", "A4", "A5", indent)
	if err := f.SaveAs(filepath.Join(h.inbox, "indrag.xlsx")); err != nil {
		t.Fatal(err)
	}
	if st, out, errs := h.run("run"); st != ExitOK {
		t.Fatalf("run: %d %s %s", st, out, errs)
	}
	if v := h.one(`SELECT parent_unit_key FROM budget_deviation WHERE unit = 'Vuxen'`); v != "Beställaravdelningar" {
		t.Errorf("Vuxen's parent: %s", v)
	}
	if n := h.one(`SELECT count(*) FROM findings`); n != "0" {
		t.Errorf("findings: %v", h.query(`SELECT message FROM findings`))
	}
	if v := h.one(`SELECT subject FROM figures WHERE subject LIKE '%Vuxen' LIMIT 1`); v != "Beställaravdelningar > Vuxen" {
		t.Errorf("subject: %s", v)
	}
}

func TestTotalsInGroups(t *testing.T) {
	cases := []struct {
		name, csv string
		want      []string // unit | parent | is_total
		findings  int
	}{
		{
			name: "an indented grand total sums the rows above, it is not a part of the last",
			csv:  "Uppföljning 2017, tkr\r\nVerksamhet;Budget;Utfall\r\nBarn och unga;1 000;900\r\nVuxna;500;500\r\n   Summa;1 500;1 400\r\n",
			want: []string{"Barn och unga||false", "Vuxna||false", "Summa||true"},
		},
		{
			name: "an indented Summa under a group is not one of its parts",
			csv:  "Uppföljning 2017, tkr\r\nVerksamhet;Budget;Utfall\r\nMyndighet;1 500;1 400\r\n   Barn och unga;1 000;900\r\n   Vuxna;500;500\r\n   Summa myndighet;1 500;1 400\r\n",
			want: []string{"Myndighet||false", "Barn och unga|Myndighet|false", "Vuxna|Myndighet|false", "Summa myndighet|Myndighet|true"},
		},
		{
			name: "a wrong Summa after label groups is found",
			csv: "Uppföljning 2017, tkr\r\nVerksamhet;Budget;Utfall\r\nMyndighet\r\n   Barn och unga;1 000;900\r\n   Vuxna;500;500\r\n" +
				"Utförare\r\n   Boende;300;320\r\nSumma;1 800;1 999\r\n",
			want:     []string{"Barn och unga|Myndighet|false", "Vuxna|Myndighet|false", "Boende|Utförare|false", "Summa||true"},
			findings: 1, // 900 + 500 + 320 = 1 720, not 1 999
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, "")
			h.runFile("t.csv", c.csv)
			sameLines(t, h.lines(unitLines), c.want)
			if n := h.one(`SELECT count(*) FROM findings WHERE kind = 'total_mismatch'`); n != string(rune('0'+c.findings)) {
				t.Errorf("findings: %v", h.query(`SELECT message FROM findings`))
			}
		})
	}
}
