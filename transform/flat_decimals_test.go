package transform

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeDecimalCSV writes a long export of flatRows rows (Kommun;År;Antal;
// Värde) whose value at row i (0-based, line i+2) is value(i).
func writeDecimalCSV(t *testing.T, value func(i int) string) string {
	t.Helper()
	var sb strings.Builder
	sb.WriteString("Kommun;År;Nyckeltal;Värde\n")
	for i := 0; i < flatRows; i++ {
		fmt.Fprintf(&sb, "%s;%d;Antal;%s\n", flatKommuner[i%7], 2020+(i/7)%4, value(i))
	}
	path := filepath.Join(t.TempDir(), "statistik_2023.csv")
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// A column of "1.200" with one "12,5" in it is read with a decimal comma
// however long the table is: 1 200, as a report of fewer rows reads it
// (docs/recognition.md), never 1,2 because the table outgrew the window.
func TestFlatTableDecidesDecimalsOnTheWindow(t *testing.T) {
	path := writeDecimalCSV(t, func(i int) string {
		if i == 0 {
			return "12,5"
		}
		return "1.200"
	})
	b := readFlat(t, path)
	// 12,50 + 101 999 × 1 200,00 = 122 398 812,50 kr.
	n, sum := partTotals(t, b)
	if n != flatRows || sum != 12_239_881_250 {
		t.Errorf("%d figures summing to %s; want %d and 122398812.50", n, ore(sum), flatRows)
	}
}

// The same with the deciding cell past the window: the rows before it
// were read as 1,2 and already written, so the file is refused, naming
// the cell that decides and the first cell it would read otherwise.
func TestFlatTableDecimalEvidencePastTheWindowRefused(t *testing.T) {
	for _, c := range []struct{ ambiguous, decisive, says string }{
		{"1.200", "2.500,75", "D101002 reads only with a decimal comma, while D2"},
		{"1,200", "2,500.75", "D101002 reads only with a decimal point, while D2"},
	} {
		path := writeDecimalCSV(t, func(i int) string {
			if i == 101_000 {
				return c.decisive
			}
			return c.ambiguous
		})
		tmp := t.TempDir()
		b, err := File(context.Background(), path, Options{Today: flatToday, TmpDir: tmp})
		if b != nil || !errors.Is(err, ErrTooManyRows) || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s then %s: err = %v", c.ambiguous, c.decisive, err)
		}
		if left, _ := os.ReadDir(tmp); len(left) != 0 {
			t.Errorf("%d temporary entries left", len(left))
		}
	}
}

// A column told by the window (12,5) meeting a cell past it that reads only
// with a decimal point (3.75) is refused: in a report both would refuse
// every cell with a separator.
func TestFlatTableContradictingDecimalsRefused(t *testing.T) {
	path := writeDecimalCSV(t, func(i int) string {
		switch i {
		case 0:
			return "12,5"
		case 101_000:
			return "3.75"
		}
		return "7"
	})
	b, err := File(context.Background(), path, Options{Today: flatToday, TmpDir: t.TempDir()})
	if b != nil || err == nil || !strings.Contains(err.Error(), "D101002 reads only with a decimal point, while column D is read with a decimal comma (D2)") {
		t.Errorf("err = %v", err)
	}
}

// Without a cell read both ways before it, a column told nothing by the
// window takes the convention of its first deciding cell: 1,234.50 past
// the window is 1 234,50 and the "1,200" after it 1 200.
func TestFlatTableDecimalsDecidedPastTheWindow(t *testing.T) {
	path := writeDecimalCSV(t, func(i int) string {
		switch {
		case i == 101_000:
			return "1,234.50"
		case i > 101_000:
			return "1,200"
		}
		return "7"
	})
	b := readFlat(t, path)
	// 101 000 × 7 + 1 234,50 + 999 × 1 200 = 707 000 + 1 234,50 + 1 198 800 = 1 907 034,50.
	n, sum := partTotals(t, b)
	if n != flatRows || sum != 190_703_450 || len(b.Rejects) != 0 {
		t.Errorf("%d figures summing to %s, %d rejects; want %d and 1907034.50, none", n, ore(sum), len(b.Rejects), flatRows)
	}
}
