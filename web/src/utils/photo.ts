// A phone's gallery offers photos as HEIC (iPhone), WebP or AVIF; the
// server keeps JPEG and PNG only (src/util/file_type.c), which every
// office computer opens. A photo the browser can decode is re-encoded as
// JPEG before it is sent; one it cannot (HEIC outside Safari) is sent as
// it is, and the server's refusal names the types it takes.

const KEPT = new Set(['image/jpeg', 'image/png']);
const PHOTO_EXT = /\.(heic|heif|webp|avif|gif|bmp)$/i;

function isOtherPhoto(f: File): boolean {
  if (KEPT.has(f.type)) return false;
  return f.type.startsWith('image/') || PHOTO_EXT.test(f.name);
}

/** f, or f as a JPEG (named .jpg) when it is a photo of another type. */
export async function asStoredPhoto(f: File): Promise<File> {
  if (!isOtherPhoto(f) || typeof createImageBitmap !== 'function') return f;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(f);
  } catch {
    return f;
  }
  try {
    const canvas = document.createElement('canvas');
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    const g = canvas.getContext('2d');
    if (!g) return f;
    // Transparent pixels (a WebP sticker) on white, as JPEG has no alpha.
    g.fillStyle = '#fff';
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.drawImage(bitmap, 0, 0);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.9));
    if (!blob) return f;
    const base = f.name.replace(/\.[^.]*$/, '') || 'photo';
    return new File([blob], `${base}.jpg`, { type: 'image/jpeg', lastModified: f.lastModified });
  } finally {
    bitmap.close();
  }
}
