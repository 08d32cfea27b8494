import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';

// The built files are embedded into the sgz binary and served from "/"
// under a strict Content-Security-Policy: no inline scripts, no eval, no
// external hosts. `npm run dev` proxies /api to a running sgz (SGZ_API,
// default http://127.0.0.1:18888).
export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    // Inline nothing as a data: URL except small images/fonts (CSP allows
    // img-src and font-src data:, never script data:).
    assetsInlineLimit: 4096,
    chunkSizeWarningLimit: 1500,
    modulePreload: { polyfill: false },
    rollupOptions: {
      output: {
        manualChunks: {
          vendor: ['vue', 'vue-router', 'pinia', 'vue-i18n'],
          'element-plus': ['element-plus', '@element-plus/icons-vue'],
        },
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': {
        target: process.env.SGZ_API || 'http://127.0.0.1:18888',
        changeOrigin: false,
      },
    },
  },
});
