// The dashboard's chart: seats and enrollments per unit (bars), pass rate (line), from data-chart.
(function () {
  "use strict";
  var el = document.getElementById("participation-chart");
  if (!el || !window.echarts) { return; }
  var data = JSON.parse(el.getAttribute("data-chart"));
  if (!data.names.length) { el.hidden = true; return; }
  var chart = window.echarts.init(el, null, {renderer: "svg"});
  chart.setOption({
    tooltip: {trigger: "axis"},
    legend: {data: [data.labels.seats, data.labels.enrolled, data.labels.pass_rate]},
    grid: {left: 40, right: 40, bottom: 60, containLabel: true},
    xAxis: {type: "category", data: data.names, axisLabel: {rotate: data.names.length > 6 ? 30 : 0}},
    yAxis: [{type: "value"}, {type: "value", max: 100, axisLabel: {formatter: "{value}%"}}],
    series: [
      {name: data.labels.seats, type: "bar", data: data.seats},
      {name: data.labels.enrolled, type: "bar", data: data.enrolled},
      {name: data.labels.pass_rate, type: "line", yAxisIndex: 1, data: data.pass_rate}
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
}());
