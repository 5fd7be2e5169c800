// The survey results' charts: one horizontal bar chart per choice or scale question, from data-chart
// (labels and counts), drawn with ECharts as the report dashboard's chart is.
(function () {
  "use strict";
  if (!window.echarts) { return; }
  var charts = [];
  Array.prototype.forEach.call(document.querySelectorAll(".survey-chart"), function (el) {
    var data = JSON.parse(el.getAttribute("data-chart"));
    el.style.height = (40 + 30 * data.labels.length) + "px";  // a bar a line (the CSP allows no inline style)
    var chart = window.echarts.init(el, null, {renderer: "svg"});
    chart.setOption({
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
      grid: {left: 8, right: 32, top: 8, bottom: 8, containLabel: true},
      xAxis: {type: "value", minInterval: 1},
      yAxis: {type: "category", inverse: true, data: data.labels,
              axisLabel: {width: 120, overflow: "truncate"}},
      series: [{type: "bar", data: data.counts, label: {show: true, position: "right"}}]
    });
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
}());
