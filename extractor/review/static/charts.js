/* The corpus view's charts, drawn with the shipped Apache ECharts (static/echarts/, no CDN) from
   each report's facts (extractor/review/charts.py, in #chart-data), summed over the reports the
   table shows: a filter redraws them. A blank (a number the report does not give) is left out
   of a sum and counted under its chart, never drawn as 0. */
"use strict";

(function () {
  const NO_YEAR = "年度不详";
  // Six distinct colours: the six ways a request ended each have their own.
  const PALETTE = ["#2e90fa", "#66c61c", "#f79009", "#f04438", "#7a5af8", "#667085"];
  const FONT = 'system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';
  const MODES = {
    failed: {name: "未通过核对（项）", pick: (r) => r.failed},
    days_late: {name: "逾期天数", pick: (r) => r.days_late},
    repetition: {name: "与上年重复比例", pick: (r) => r.repetition},
  };

  function yearOf(report) { return report.year === null ? NO_YEAR : String(report.year); }

  function years(reports) {
    const found = Array.from(new Set(reports.map(yearOf)));
    return found.sort((a, b) => (a === NO_YEAR) - (b === NO_YEAR) || Number(a) - Number(b));
  }

  /* Sum the parts (value, blanks) that pick() gives for each report: the value null when no
     report gave one. */
  function sum(reports, pick) {
    let value = null, blanks = 0;
    for (const r of reports) {
      const part = pick(r);
      if (part.value !== null) value = (value === null ? 0 : value) + part.value;
      blanks += part.blanks;
    }
    return {value: value, blanks: blanks};
  }

  function blankNote(id, blanks) {
    const node = document.getElementById(id);
    if (node) node.textContent = blanks ? "空白（报告未给出）" + blanks + " 项，未计入合计" : "";
  }

  function base(extra) {
    return Object.assign({
      color: PALETTE,
      textStyle: {fontFamily: FONT},
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
      legend: {top: 0, left: "center", itemWidth: 14, itemGap: 8},
      grid: {left: 8, right: 16, top: 56, bottom: 8, containLabel: true},
      animation: false,
    }, extra);
  }

  function byYear(reports, names, group, stacked) {
    const cats = years(reports);
    let blanks = 0;
    const series = names.map((name) => {
      const data = cats.map((year) => {
        const total = sum(reports.filter((r) => yearOf(r) === year), (r) => r[group][name]);
        blanks += total.blanks;
        return total.value;
      });
      return Object.assign({name: name, type: "bar", data: data, barMaxWidth: 36}, stacked ? {stack: "all"} : {});
    });
    return {option: base({xAxis: {type: "category", data: cats, axisLabel: {interval: 0}}, yAxis: {type: "value"}, series: series}),
            blanks: blanks};
  }

  function reviewOutcomes(reports, legend) {
    let blanks = 0;
    const series = legend.review_outcomes.map((outcome) => ({
      name: outcome, type: "bar", stack: "all", barMaxWidth: 36,
      data: legend.blocks.map((block) => {
        const total = sum(reports, (r) => r.review[block][outcome]);
        blanks += total.blanks;
        return total.value;
      }),
    }));
    return {option: base({xAxis: {type: "category", data: legend.blocks, axisLabel: {interval: 0, fontSize: 11}},
                          yAxis: {type: "value"},
                          series: series}), blanks: blanks};
  }

  function grid(reports, mode) {
    const pick = MODES[mode].pick;
    const agencies = Array.from(new Set(reports.map((r) => r.agency))).sort((a, b) => a.localeCompare(b, "zh-CN"));
    const cats = years(reports);
    const cells = new Map();
    for (const r of reports) {
      const key = r.agency + "\u0000" + yearOf(r);
      if (!cells.has(key)) cells.set(key, []);
      cells.get(key).push(r);
    }
    const valued = [], empty = [];
    let unknown = 0, highest = 1;
    for (const [key, group] of cells) {
      const [agency, year] = key.split("\u0000");
      // The cell shows, and links to, its worst report (several: the same report in several formats).
      let worst = null;
      for (const r of group) {
        const v = pick(r);
        if (v !== null && (worst === null || v > pick(worst))) worst = r;
      }
      const at = [cats.indexOf(year), agencies.indexOf(agency)];
      if (worst === null) {
        unknown += 1;
        empty.push({value: [at[0], at[1], 0], href: group[0].href, count: group.length});
      } else {
        highest = Math.max(highest, pick(worst));
        valued.push({value: [at[0], at[1], pick(worst)], href: worst.href, count: group.length});
      }
    }
    const label = {show: true, formatter: (p) => (p.seriesIndex === 1 ? "—" : (mode === "repetition"
      ? Math.round(p.value[2] * 100) + "%" : String(p.value[2])))};
    const option = {
      textStyle: {fontFamily: FONT},
      animation: false,
      // The tooltip is HTML: an agency's name comes from a report, so it is escaped.
      tooltip: {formatter: (p) => echarts.format.encodeHTML(agencies[p.value[1]]) + " · " + cats[p.value[0]] + "<br>"
        + MODES[mode].name + "："
        + (p.seriesIndex === 1 ? "无数据" : label.formatter(p)) + (p.data.count > 1 ? "（" + p.data.count + " 份，取最差）" : "")},
      grid: {left: 8, right: 16, top: 8, bottom: 56, containLabel: true},
      xAxis: {type: "category", data: cats, splitArea: {show: true}},
      yAxis: {type: "category", data: agencies, splitArea: {show: true}, axisLabel: {width: 260, overflow: "truncate"}},
      visualMap: {min: 0, max: highest, calculable: false, orient: "horizontal", left: "center", bottom: 0,
                  seriesIndex: 0, inRange: {color: ["#ecfdf3", "#fedf89", "#f04438"]}, text: ["多", "少"]},
      series: [
        {name: MODES[mode].name, type: "heatmap", data: valued, label: label, cursor: "pointer"},
        {name: "无数据", type: "heatmap", data: empty, label: label, itemStyle: {color: "#eaecf0"}, cursor: "pointer"},
      ],
    };
    return {option: option, blanks: unknown, rows: agencies.length};
  }

  function setup() {
    const source = document.getElementById("chart-data");
    if (!source || typeof echarts === "undefined") return;
    const data = JSON.parse(source.textContent);
    const table = document.getElementById("corpus");
    const mode = document.getElementById("grid-mode");
    const charts = {};
    for (const name of ["flows", "outcomes", "review", "grid"]) {
      charts[name] = echarts.init(document.getElementById("chart-" + name), null, {renderer: "canvas"});
    }
    charts.grid.on("click", (p) => { if (p.data && p.data.href) window.location.href = p.data.href; });

    function inView() {
      const shown = new Set();
      for (const row of table.tBodies[0].rows) if (!row.hidden) shown.add(Number(row.dataset.n));
      return data.reports.filter((r) => shown.has(r.n));
    }

    function draw() {
      const reports = inView();
      const flows = byYear(reports, data.legend.flows, "flows", false);
      charts.flows.setOption(flows.option, true);
      blankNote("blanks-flows", flows.blanks);
      const outcomes = byYear(reports, data.legend.outcomes, "outcomes", true);
      charts.outcomes.setOption(outcomes.option, true);
      blankNote("blanks-outcomes", outcomes.blanks);
      const review = reviewOutcomes(reports, data.legend);
      charts.review.setOption(review.option, true);
      blankNote("blanks-review", review.blanks);
      const cells = grid(reports, mode.value);
      const box = document.getElementById("chart-grid");
      box.style.height = Math.max(160, 90 + 30 * cells.rows) + "px";
      charts.grid.resize();
      charts.grid.setOption(cells.option, true);
      document.getElementById("blanks-grid").textContent = cells.blanks
        ? "灰色格子：" + cells.blanks + " 个没有这项数据（未给出发布日期、没有上一年度的报告，或数据中没有这项度量）" : "";
    }

    table.addEventListener("corpus-filtered", draw);
    mode.addEventListener("change", draw);
    window.addEventListener("resize", () => { for (const c of Object.values(charts)) c.resize(); });
    draw();
  }

  document.addEventListener("DOMContentLoaded", setup);
})();
