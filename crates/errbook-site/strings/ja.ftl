# サイトのページの文言（日本語）。ここにある id はすべて en.ftl にも必要です。本は自分の
# i18n/ja/site.ftl でこのファイルを置き換えられます。
skip-to-content = 本文へ移動
site-nav = サイト
language-switch = 言語
language-choose = 言語を選んでください
home = ホーム
search-label = エラーメッセージやログを貼り付けてください
search-placeholder = エラーメッセージを貼り付け…
search-paste-lines = 行
permalink = この節へのリンク
search-button = 検索
search-results = 検索結果
search-no-results = 一致するエントリはありません。
search-needs-server = 検索はサーバー（errbook serve）かオフライン版（errbook bundle）で使えます。このファイルからは使えません。
search-needs-js = 検索には JavaScript が必要です。すべてのエントリを下に示します。
by-document = ドキュメント別
by-service = サービス別
entries-count = { $count } 件
error-message = エラーメッセージ
error-messages = エラーメッセージ
copy = コピー
copied = コピーしました
causes = 原因
at-a-glance = 要点
on-this-page = このページの内容
previous = 前へ
next = 次へ
all-documents = すべてのドキュメント
flowchart = 診断フローチャート
flowchart-source = 図のソース
related = 関連するエントリ
services = サービス
source = ソース
document = ドキュメント
general-guidance = 全般的なガイド
entries-in-document = このドキュメントのエントリ
not-found-title = ページが見つかりません
not-found-text = このアドレスにはページがありません。
not-found-home = ホームへ
other-language = { $language }のこのエントリ

# 本文から区別して示す注記・ヒント・警告。
callout-note = 注記
callout-tip = ヒント
callout-important = 重要
callout-warning = 警告
callout-caution = 注意

# 文書のタグ（front matter の `tags`）。
tags = タグ

# ホームページは文書ごと・サービスごとに一部のエントリだけを示します。
all-entries = この文書のエントリ { $count } 件をすべて見る
more-entries = ほか { $count } 件

# ヘッダーの配色の切り替え（順に切り替わります）。
theme-label = 配色
theme-auto = 自動
theme-light = ライト
theme-dark = ダーク

# 翻訳のないページから言語を切り替えてホームに来たときの案内。
not-translated = 元のページはこの言語に翻訳されていません。
not-translated-back = 元のページに戻る

# 本文より幅の広い図や表の横のボタン（ウィンドウの幅いっぱいに表示します）。
full-width = 全幅で表示
