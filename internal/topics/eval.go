package topics

import (
	"context"
	"fmt"
	"io"
	"slices"
	"text/tabwriter"
)

// LabelScore is one label's quality on an evaluation set.
type LabelScore struct {
	ID                          string  `json:"id"`
	Name                        string  `json:"name"`
	Precision                   float64 `json:"precision"`
	Recall                      float64 `json:"recall"`
	F1                          float64 `json:"f1"`
	Support                     int     `json:"support"`
	TruePos, FalsePos, FalseNeg int     `json:"-"`
}

// Report is a model's quality on an evaluation set.
type Report struct {
	Model string `json:"model"`
	N     int    `json:"documents"`
	// Accuracy is the share of documents whose highest-scoring label (among
	// the labels known for the document) is one of its labels; for
	// single-label data it is the usual accuracy.
	Accuracy float64 `json:"accuracy"`
	// SubsetAccuracy is the share of documents whose predicted label set (each
	// label at its threshold) equals the gold set exactly.
	SubsetAccuracy float64 `json:"subset_accuracy"`
	// MicroF1 and MacroF1 are over thresholded predictions; MacroF1 averages
	// the labels with support.
	MicroPrecision float64 `json:"micro_precision"`
	MicroRecall    float64 `json:"micro_recall"`
	MicroF1        float64 `json:"micro_f1"`
	MacroF1        float64 `json:"macro_f1"`
	// Top1MacroF1 is the macro F1 of the highest-scoring label alone, the
	// usual macro F1 of single-label classification.
	Top1MacroF1 float64      `json:"top1_macro_f1"`
	Labels      []LabelScore `json:"labels"`
	// UnknownLabels counts gold labels that the model does not have.
	UnknownLabels map[string]int `json:"unknown_labels,omitempty"`
}

// Evaluate scores m on examples; Example.Known restricts which labels each
// example is judged on. Gold labels the model does not have count as misses
// (micro recall, accuracy) and are tallied in UnknownLabels.
func Evaluate(ctx context.Context, m *Model, examples []Example) (*Report, error) {
	pos := map[string]int{}
	for i, l := range m.labels {
		pos[l.ID] = i
	}
	nl := len(m.labels)
	rep := &Report{Model: m.Version(), N: len(examples), Labels: make([]LabelScore, nl)}
	for i, l := range m.labels {
		rep.Labels[i].ID, rep.Labels[i].Name = l.ID, l.Name
	}
	s := new(scratch)
	raw, probs := make([]float64, nl), make([]float64, nl)
	var correct, exact int
	top := make([][3]int, nl) // tp, fp, fn of the top label
	known := make([]bool, nl)
	gold := make([]bool, nl)
	for n, e := range examples {
		if n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		clear(gold)
		allRight := true
		for _, l := range e.Labels {
			j, ok := pos[l]
			if !ok {
				if rep.UnknownLabels == nil {
					rep.UnknownLabels = map[string]int{}
				}
				rep.UnknownLabels[l]++
				allRight = false
				continue
			}
			gold[j] = true
		}
		if e.Known == nil {
			for j := range known {
				known[j] = true
			}
		} else {
			clear(known)
			for _, l := range e.Known {
				if j, ok := pos[l]; ok {
					known[j] = true
				}
			}
		}
		s.extract(e.Text, m.bits, m.feats)
		s.vectorize(m.idfOf)
		m.score(s, raw, probs)
		best := -1
		for j := range nl {
			if !known[j] {
				continue
			}
			if best < 0 || probs[j] > probs[best] {
				best = j
			}
			pred := probs[j] >= m.labels[j].Threshold
			ls := &rep.Labels[j]
			switch {
			case pred && gold[j]:
				ls.TruePos++
			case pred:
				ls.FalsePos++
				allRight = false
			case gold[j]:
				ls.FalseNeg++
				allRight = false
			}
			if gold[j] {
				ls.Support++
			}
		}
		if best >= 0 && gold[best] {
			correct++
		}
		for j := range nl {
			switch {
			case j == best && gold[j]:
				top[j][0]++
			case j == best:
				top[j][1]++
			case gold[j] && known[j]:
				top[j][2]++
			}
		}
		if allRight {
			exact++
		}
	}
	var tp, fp, fn, macro float64
	for _, k := range rep.UnknownLabels {
		fn += float64(k)
	}
	withSupport := 0
	for j := range rep.Labels {
		ls := &rep.Labels[j]
		ls.Precision = safeDiv(float64(ls.TruePos), float64(ls.TruePos+ls.FalsePos))
		ls.Recall = safeDiv(float64(ls.TruePos), float64(ls.TruePos+ls.FalseNeg))
		ls.F1 = safeDiv(2*float64(ls.TruePos), float64(2*ls.TruePos+ls.FalsePos+ls.FalseNeg))
		tp, fp, fn = tp+float64(ls.TruePos), fp+float64(ls.FalsePos), fn+float64(ls.FalseNeg)
		if ls.Support > 0 {
			macro += ls.F1
			withSupport++
			rep.Top1MacroF1 += safeDiv(2*float64(top[j][0]), float64(2*top[j][0]+top[j][1]+top[j][2]))
		}
	}
	rep.Accuracy = safeDiv(float64(correct), float64(len(examples)))
	rep.SubsetAccuracy = safeDiv(float64(exact), float64(len(examples)))
	rep.MicroPrecision, rep.MicroRecall = safeDiv(tp, tp+fp), safeDiv(tp, tp+fn)
	rep.MicroF1 = safeDiv(2*tp, 2*tp+fp+fn)
	rep.MacroF1 = safeDiv(macro, float64(withSupport))
	rep.Top1MacroF1 = safeDiv(rep.Top1MacroF1, float64(withSupport))
	rep.Labels = slices.DeleteFunc(rep.Labels, func(l LabelScore) bool {
		return l.Support == 0 && l.TruePos+l.FalsePos == 0
	})
	return rep, nil
}

// WriteText prints the report as a table.
func (r *Report) WriteText(w io.Writer) error {
	fmt.Fprintf(w, "model            %s\ndocuments        %d\naccuracy         %.4f\nsubset accuracy  %.4f\nmicro P/R/F1     %.4f %.4f %.4f\nmacro F1         %.4f\ntop-1 macro F1   %.4f\n\n",
		r.Model, r.N, r.Accuracy, r.SubsetAccuracy, r.MicroPrecision, r.MicroRecall, r.MicroF1, r.MacroF1, r.Top1MacroF1)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "label\tname\tprecision\trecall\tF1\tsupport")
	for _, l := range r.Labels {
		fmt.Fprintf(tw, "%s\t%s\t%.4f\t%.4f\t%.4f\t%d\n", l.ID, l.Name, l.Precision, l.Recall, l.F1, l.Support)
	}
	unknown := make([]string, 0, len(r.UnknownLabels))
	for k := range r.UnknownLabels {
		unknown = append(unknown, k)
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		fmt.Fprintf(tw, "%s\t(not in the model)\t\t\t\t%d\n", k, r.UnknownLabels[k])
	}
	return tw.Flush()
}
