package transform

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/socdw/socdw"
)

// tkr is n thousand kronor as an Amount (öre).
func tkr(n int64) socdw.Amount { return socdw.Amount(n * 1000 * 100) }

// checkTotal checks the total figures read from row (its values' own
// row), by measure, and that the parts still sum to each.
func checkTotal(t *testing.T, b *socdw.Batch, row int, subject string, want map[string]socdw.Amount) {
	t.Helper()
	n := 0
	for _, f := range b.Figures {
		if f.Ref.Row != row {
			continue
		}
		n++
		if f.Subject != subject || !f.IsTotal || f.Value != want[f.Measure] {
			t.Errorf("%v: %q %s %v total=%v, want %q %v, a total", f.Ref, f.Subject, f.Measure, f.Value, f.IsTotal, subject, want[f.Measure])
		}
	}
	if n != len(want) {
		t.Errorf("row %d: %d figures, want %d", row, n, len(want))
	}
	for m, w := range want {
		if got := partsSum(b, m); got != w {
			t.Errorf("%s parts sum to %v, want %v", m, got, w)
		}
	}
}

// partsSum adds a measure's figures that are no total.
func partsSum(b *socdw.Batch, measure string) socdw.Amount {
	var sum socdw.Amount
	for _, f := range b.Figures {
		if f.Measure == measure && !f.IsTotal {
			sum += f.Value
		}
	}
	return sum
}

// A total's label alone on its line and its figures on the next, the
// label cell empty (a copy from a PDF): one total row, its figures with
// the cells they stand in. Constructed test values; the totals are the
// hand sums 12 400 + 8 300 + 15 600 = 36 300 and 13 150 + 7 980 + 16 210
// = 37 340.
func TestTotalOnTheNextLineCSV(t *testing.T) {
	b := readCSV(t, "uppfoljning_2024.csv",
		"Uppföljning socialnämnden 2024, tkr",
		"Verksamhet;Budget;Utfall",
		"Barn och unga;12 400;13 150",
		"Vuxna;8 300;7 980",
		"Ekonomiskt bistånd;15 600;16 210",
		"Totalt socialnämnden;;",
		";36 300;37 340",
	)
	if len(b.Rejects) != 0 || len(b.Findings) != 0 {
		t.Fatalf("rejects %v, findings %v: want none (the total is the sum of its parts)", b.Rejects, b.Findings)
	}
	checkTotal(t, b, 7, "Totalt socialnämnden", map[string]socdw.Amount{"Budget": tkr(36_300), "Utfall": tkr(37_340)})
	// The budget facts carry the total too, once.
	totals := 0
	for _, l := range b.Budget {
		if l.IsTotal {
			totals++
			if l.Ref.Row != 7 || l.Unit != "Totalt socialnämnden" || l.Budget.Amount != tkr(36_300) || l.Actual.Amount != tkr(37_340) {
				t.Errorf("total budget line %+v", l)
			}
		}
	}
	if totals != 1 || len(b.Budget) != 4 {
		t.Errorf("budget lines %d, totals %d: want 4 and 1", len(b.Budget), totals)
	}
}

// The same layout in a workbook, numbers as number cells, under a Summa.
// Constructed test values: 4 250 + 2 100 + 1 350 = 7 700 and 4 610 +
// 1 980 + 1 420 = 8 010.
func TestTotalOnTheNextLineXLSX(t *testing.T) {
	f := excelize.NewFile()
	rows := [][]any{
		{"Placeringar barn och unga 2024 (tkr)"},
		{"Placeringsform", "Budget", "Utfall"},
		{"HVB", 4250, 4610},
		{"Familjehem", 2100, 1980},
		{"Öppenvård", 1350, 1420},
		{"Summa"},
		{nil, 7700, 8010},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "placeringar.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	b, err := readFile(t, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Rejects) != 0 || len(b.Findings) != 0 {
		t.Fatalf("rejects %v, findings %v: want none", b.Rejects, b.Findings)
	}
	checkTotal(t, b, 7, "Summa", map[string]socdw.Amount{"Budget": tkr(7_700), "Utfall": tkr(8_010)})
	if len(b.Figures) != 8 {
		t.Errorf("figures: %d, want 8 (three parts and the total, two columns)", len(b.Figures))
	}
}

// A row of values with no label that is no total's second line is a
// reject naming its row: under a label that is no total, and after a
// blank line under a total.
func TestValuesWithoutLabelAreRejects(t *testing.T) {
	b := readCSV(t, "uppfoljning_2024.csv",
		"Uppföljning 2024, tkr",
		"Verksamhet;Budget;Utfall",
		"Barn och unga;1 000;900",
		"Vuxna",
		";500;550",
		"Ekonomiskt bistånd;2 000;2 100",
		"Summa;;",
		"",
		";3 500;3 550",
	)
	got := map[int]string{}
	for _, r := range b.Rejects {
		got[r.Ref.Row] = r.Reason
	}
	for _, row := range []int{5, 9} {
		if !strings.Contains(got[row], "has values but no label") || rejectAt(b, row).Ref.Col != 2 {
			t.Errorf("row %d: reject %q, want one naming the row at its first value (column B)", row, got[row])
		}
	}
	if len(b.Rejects) != 2 {
		t.Errorf("rejects: %v, want rows 5 and 9", b.Rejects)
	}
	// The labelled rows still load: 1 000 + 2 000 and 900 + 2 100.
	if got := partsSum(b, "Budget"); got != tkr(3_000) {
		t.Errorf("budget parts: %v, want 3 000 tkr", got)
	}
}

// rejectAt is the reject of a row, or none.
func rejectAt(b *socdw.Batch, row int) socdw.Reject {
	for _, x := range b.Rejects {
		if x.Ref.Row == row {
			return x
		}
	}
	return socdw.Reject{}
}
