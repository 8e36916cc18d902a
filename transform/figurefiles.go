package transform

// Figure parts: the figures of a flat table too long to hold, written as
// tab-separated lines (socdw.FigureColumns) that load reads with DuckDB's
// read_csv, as it reads the finance bookings.

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/socdw/socdw"
)

// figureDirPattern names the temporary directories of figure parts;
// SweepTemp removes those a killed process left.
const figureDirPattern = "socdw-figures-*"

// figureWriter writes one part file.
type figureWriter struct {
	f    *os.File
	w    *bufio.Writer
	path string
	rows int
	buf  []byte
}

// figureDir makes the batch's temporary directory for figure parts.
func (x *reportFile) figureDir() (string, error) {
	return x.tempDir(&x.b.FigureFiles.Dir, figureDirPattern)
}

func (x *reportFile) newFigureWriter(sheet string) (*figureWriter, error) {
	dir, err := x.figureDir()
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "part-"+safeName(sheet)+"-"+strconv.Itoa(len(x.b.FigureFiles.Parts))+".tsv")
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	return &figureWriter{f: f, w: bufio.NewWriterSize(f, 1<<20), path: path}, nil
}

// appendDimensions appends a row's dimensions as name\x1fvalue pairs
// joined by \x1e (load splits them into a MAP), with those separators
// and the file's own (tab, line breaks) in a text turned into spaces.
func appendDimensions(dst []byte, ds []socdw.Dimension) []byte {
	for i, d := range ds {
		if i > 0 {
			dst = append(dst, 0x1e)
		}
		dst = appendPlain(dst, d.Name)
		dst = append(dst, 0x1f)
		dst = appendPlain(dst, d.Value)
	}
	return append(dst, '\t')
}

func appendPlain(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\t', '\n', '\r', 0x1e, 0x1f:
			c = ' '
		}
		dst = append(dst, c)
	}
	return dst
}

// appendNumber appends n's decimal text ("21.88749", "-0.0012").
func appendNumber(dst []byte, n *socdw.Number) []byte {
	c := n.Coef
	if c < 0 {
		dst = append(dst, '-')
		c = -c
	}
	digits := strconv.FormatInt(c, 10)
	for len(digits) <= n.Exp {
		digits = "0" + digits
	}
	if n.Exp == 0 {
		return append(dst, digits...)
	}
	dst = append(dst, digits[:len(digits)-n.Exp]...)
	dst = append(dst, '.')
	return append(dst, digits[len(digits)-n.Exp:]...)
}

// write writes one figure.
func (fw *figureWriter) write(f *socdw.Figure) error {
	d := fw.buf[:0]
	d = append(f.Period.Start.AppendFormat(d, time.DateOnly), '\t')
	d = append(f.Period.End.AppendFormat(d, time.DateOnly), '\t')
	d = appendField(d, f.Kommun)
	d = appendField(d, f.Subject)
	d = appendField(d, f.Measure)
	d = append(f.Value.Append(d), '\t')
	d = appendField(d, f.Unit.ValueUnit())
	d = append(strconv.AppendBool(d, f.IsTotal), '\t')
	d = appendField(d, f.Ref.Sheet)
	d = append(strconv.AppendInt(d, int64(f.Ref.Row), 10), '\t')
	d = appendField(d, f.Ref.ColumnLabel())
	d = appendDimensions(d, f.Dimensions)
	if f.Exact != nil && f.Exact.Exp <= socdw.MaxExactDecimals {
		d = appendNumber(d, f.Exact)
	}
	d = append(d, '\n')
	fw.buf = d
	fw.rows++
	_, err := fw.w.Write(d)
	return err
}

func (fw *figureWriter) close() error {
	err := fw.w.Flush()
	if cerr := fw.f.Close(); err == nil {
		err = cerr
	}
	return err
}
