/** One labelled point of the x axis; `dateTime` (ISO 8601) keeps the exact time for the data table. */
export interface ChartLabel {
  text: string;
  dateTime?: string;
}

/** One line or one set of bars: a value for each label, in the labels' order. */
export interface ChartSeries {
  label: string;
  values: readonly number[];
}

/** What every chart takes: the data, and the words that name it for people and for tests. */
export interface ChartProps {
  /** The chart's name: the figure's caption and the data table's. */
  title: string;
  /** What the x axis counts ("Minute", "Day"): the data table's first column. */
  labelHeading: string;
  labels: readonly ChartLabel[];
  series: readonly ChartSeries[];
  /** Values are whole counts: the y axis then shows no fractions. */
  wholeNumbers?: boolean;
}
