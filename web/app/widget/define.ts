// The widget's script for host pages: <script type="module" src=".../headscope-widget.js">
// defines <headscope-attention>.
import { defineHeadscopeAttention } from './element.js';

defineHeadscopeAttention();
